using Skinsight.Bench.Analysis;

// Usage: skinsight-bench-analysis <command> [--images DIR] [--acne N] [--utk N] [--out DIR] [--overlays N]
//   run        analyse N photos of each set; print acceptance, reasons and time per photo; write results.csv
//   calibrate  measure the quality quantities on photos and on blurred and re-exposed copies of them
//   noise      re-expose, re-compress, rescale and rotate photos; print each score's standard deviation
//   skin       score the skin classifier on the UCI Skin Segmentation pixels
//   acne       compare acne blobs with the ACNE04 lesion boxes
//   acne-grades calibrate the acne detector and grade cut points on ACNE04 train rows (--stride N, --try ...)
//   tone       rejection rate and score spread by UTKFace race label and by ITA category (--utk N)
//   lesions    score lesion segmentation settings on DermaMNIST rows (--split NAME, --stride N, --try ...)
//   profile    time each pipeline stage on --acne N photos (one thread, thread CPU time); write the JSON analysis
//              of the --acne, --ham and --utk photos to --out/results for before-and-after comparisons
//   python     time the analysis against bench/python/analyze_pipeline.py on --acne N photos, one thread and all cores
var options = BenchOptions.Parse(args);
return options.Command switch
{
    "run" => RunCommand.Execute(options),
    "calibrate" => CalibrateCommand.Execute(options),
    "noise" => NoiseCommand.Execute(options),
    "skin" => SkinCommand.Execute(options),
    "acne" => AcneCommand.Execute(options),
    "lesions" => LesionsCommand.Execute(options),
    "acne-grades" => AcneGradesCommand.Execute(options),
    "tone" => ToneCommand.Execute(options),
    "skin-colour" => SkinColourCommand.Execute(options),
    "python" => PythonCommand.Execute(options),
    "profile" => ProfileCommand.Execute(options),
    _ => BenchOptions.Usage($"Unknown command '{options.Command}'."),
};
