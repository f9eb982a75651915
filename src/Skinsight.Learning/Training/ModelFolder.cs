namespace Skinsight.Learning.Training;

/// <summary>Checks on a model folder before a training run writes into it.</summary>
public static class ModelFolder
{
    /// <summary>
    /// Returns whether the training checkpoint folder <paramref name="checkpointDirectory"/> contains at least one
    /// finished epoch, which the same training command resumes after.
    /// </summary>
    public static bool HasFinishedEpoch(string checkpointDirectory) =>
        File.Exists(Path.Combine(checkpointDirectory, FineTuningCheckpoint.StateFile));

    /// <summary>
    /// Rejects a path that is a file, and a folder that contains a <c>weights.bin</c> without
    /// <paramref name="infoFileName"/>, because it is the folder of another kind of model, whose weights the run
    /// would overwrite. Called before training, because the first write into the folder comes only after minutes of it.
    /// </summary>
    /// <param name="infoFileName">The description file that the model kind writes next to its weights.</param>
    /// <exception cref="LearningException">The path is a file, or the folder contains the weights of another model.</exception>
    public static void RequireOwnOrNew(string directory, string infoFileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(infoFileName);

        if (File.Exists(directory))
        {
            throw new LearningException($"The model folder {directory} is a file; pass a folder path to --out.");
        }

        const string weightsFileName = "weights.bin";
        if (File.Exists(Path.Combine(directory, weightsFileName)) && !File.Exists(Path.Combine(directory, infoFileName)))
        {
            throw new LearningException(
                $"The folder {directory} contains {weightsFileName} but no {infoFileName}, so it is another model's "
                + "folder and training would overwrite its weights; pass a new folder to --out.");
        }
    }
}
