using System;
using System.CommandLine;
using System.IO;

namespace TinyMl.Cli
{
    /// <summary>The `tinyml` host tool: compile, inspect and run TinyMl.Nano models.</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            CliConsole.Interactive = !Console.IsOutputRedirected;
            CliConsole.ReportProgress = true;
            return Run(args, Console.Out, Console.Error);
        }

        /// <summary>Parses and runs a command line, writing to the given streams (tests call this in-process).</summary>
        public static int Run(string[] args, TextWriter outw, TextWriter err)
        {
            RootCommand root = BuildCommands(outw, err);
            ParseResult parsed = root.Parse(args);
            return parsed.Invoke(new InvocationConfiguration { Output = outw, Error = err });
        }

        /// <summary>Parses a command line without running it (the test of the README commands uses it).</summary>
        public static ParseResult Parse(string[] args)
        {
            return BuildCommands(TextWriter.Null, TextWriter.Null).Parse(args);
        }

        private static RootCommand BuildCommands(TextWriter outw, TextWriter err)
        {
            var root = new RootCommand("TinyMl.Nano host toolchain: compile TensorFlow Lite int8 models to .tnm blobs, inspect and run them, simulate keyword spotting and anomaly detection.");

            var compileModel = new Argument<string[]>("model")
            {
                Description = "int8 TensorFlow Lite model(s) (.tflite); several models share one --emit-c flash table",
                Arity = ArgumentArity.OneOrMore,
            };
            var compileOutput = new Option<string>("--output", "-o") { Description = "where to write the .tnm blob (default: the model path with .tnm; with several models each goes beside its .tflite)" };
            var compileEmitC = new Option<string>("--emit-c")
            {
                Description = "also write a C file with the blob(s) as the firmware's flash model table (boards/README.md, models in flash)",
            };
            var compileName = new Option<string[]>("--name")
            {
                Description = "a model's name in the flash table, for Model.FromFlash(name); once per model, in order (default: the model file's name)",
            };
            var compileForce = new Option<bool>("--force") { Description = "replace existing output files that this command did not write" };
            var compileManifest = new Option<string>("--manifest")
            {
                Description = "microWakeWord manifest (.json): also write its decision settings beside the blob (model.wakeword.txt)",
            };
            var compileNoInPlace = new Option<bool>("--no-in-place")
            {
                Description = "give every layer's output bytes of its own (no in-place convolutions): a larger arena, no row-by-row kernel calls " +
                              "(with --patches off: the first stage is not run in strips either)",
            };
            var compilePatches = new Option<string>("--patches")
            {
                Description = "run the model's first stage (its leading chain of convolutions and pools) in row strips, recomputing the overlap: " +
                              "auto (default: where that lowers the arena by at least the share of multiply-accumulates it recomputes, at most 15% more), off, force (whenever the model has such a stage)",
            };
            var compile = new Command("compile", "Compile .tflite models into .tnm blobs and print the layer table, arena and sizes.")
            {
                compileNoInPlace,
                compilePatches,
                compileModel,
                compileOutput,
                compileEmitC,
                compileName,
                compileForce,
                compileManifest,
            };
            compile.SetAction(r => CompileModels.Run(r.GetValue(compileModel), r.GetValue(compileOutput), r.GetValue(compileEmitC),
                r.GetValue(compileName), r.GetValue(compileForce), outw, err, r.GetValue(compileManifest), !r.GetValue(compileNoInPlace),
                r.GetValue(compilePatches)));
            root.Subcommands.Add(compile);

            var inspectModel = new Argument<string>("model") { Description = "compiled model (.tnm)" };
            var inspect = new Command("inspect", "Check a .tnm blob with the runtime and print its header, tensors and layers.")
            {
                inspectModel,
            };
            inspect.SetAction(r => InspectCommand.Run(r.GetValue(inspectModel), outw, err));
            root.Subcommands.Add(inspect);

            var runModel = new Argument<string>("model") { Description = "compiled model (.tnm)" };
            var runInput = new Option<string[]>("--input", "-i")
            {
                Description = "raw input bytes: every model input in order in one file, or one --input per input; little-endian float32 with --float; {k} = the step with --invokes",
                Required = true,
                AllowMultipleArgumentsPerToken = false,
            };
            var runInvokes = new Option<int>("--invokes") { Description = "run K inferences in a row from one fresh state (streaming models)", DefaultValueFactory = _ => 1 };
            var runOutput = new Option<string>("--output", "-o") { Description = "where to write the raw output bytes (every output in order; float32 with --float; {k} = the step with --invokes)" };
            var runFloat = new Option<bool>("--float") { Description = "input and output are float32, quantized/dequantized with the tensors' scale and zero point" };
            var run = new Command("run", "Run inferences on the host and print the output values.")
            {
                runModel,
                runInput,
                runOutput,
                runFloat,
                runInvokes,
            };
            run.SetAction(r => RunCommand.Run(r.GetValue(runModel), r.GetValue(runInput) ?? System.Array.Empty<string>(), r.GetValue(runOutput), r.GetValue(runFloat), r.GetValue(runInvokes), outw, err));
            root.Subcommands.Add(run);

            root.Subcommands.Add(KwsCommand.Create(outw, err));
            root.Subcommands.Add(TrainAnomalyCommand.Create(outw, err));
            root.Subcommands.Add(DemoCommand.Create(outw, err));
            root.Subcommands.Add(BenchAnomalyCommand.Create(outw, err));
            root.Subcommands.Add(CaptureCommand.Create(outw, err));
            root.Subcommands.Add(ScoreAnomalyCommand.Create(outw, err));
            root.Subcommands.Add(ProfileCommand.Create(outw, err));

            return root;
        }
    }
}
