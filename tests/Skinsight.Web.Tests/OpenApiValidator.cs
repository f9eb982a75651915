using System.Diagnostics;

namespace Skinsight.Web.Tests;

/// <summary>Runs the Python package openapi-spec-validator on an OpenAPI document.</summary>
internal static class OpenApiValidator
{
    private const string Script =
        "import sys\n"
        + "from openapi_spec_validator import validate\n"
        + "from openapi_spec_validator.readers import read_from_filename\n"
        + "spec, _ = read_from_filename(sys.argv[1])\n"
        + "validate(spec)\n";

    public static bool IsAvailable { get; } = Probe();

    public static (int ExitCode, string Output) Run(string documentPath) => RunPython("-c", Script, documentPath);

    private static bool Probe()
    {
        try
        {
            return RunPython("-c", "import openapi_spec_validator").ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // python3 is not on PATH.
            return false;
        }
    }

    private static (int ExitCode, string Output) RunPython(params string[] arguments)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}

/// <summary>A fact that runs only where python3 has openapi-spec-validator installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OpenApiValidatorFactAttribute : FactAttribute
{
    public OpenApiValidatorFactAttribute()
    {
        if (!OpenApiValidator.IsAvailable)
        {
            Skip = "python3 with the openapi-spec-validator package is not installed on this machine.";
        }
    }
}
