using System.Reflection;
using System.Runtime.CompilerServices;

// Device build only (TinyMl.Nano.nfproj); the host csproj generates its own assembly attributes.
[assembly: AssemblyTitle("TinyMl.Nano")]
[assembly: AssemblyDescription("TinyML for .NET nanoFramework: int8 models, audio and anomaly pipelines, sensor drivers.")]
[assembly: AssemblyProduct("TinyMl.Nano")]

// This assembly has no native methods of its own (they live in TinyMl.Nano.Interop); the
// metadata processor still wants a native version on every library.
[assembly: AssemblyNativeVersion("1.0.0.0")]

// The device tests (one set of sources with the host MSTest tests) reach internals as on the host.
[assembly: InternalsVisibleTo("NFUnitTest")]
