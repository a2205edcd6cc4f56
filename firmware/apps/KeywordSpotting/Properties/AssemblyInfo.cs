using System.Reflection;

[assembly: AssemblyTitle("KeywordSpotting")]
[assembly: AssemblyDescription("Keyword spotting: microphone -> front end -> int8 model, layer by layer.")]
[assembly: AssemblyProduct("TinyMl.Nano")]
[assembly: AssemblyNativeVersion("1.0.0.0")]
