using System.Reflection;

[assembly: AssemblyTitle("NFUnitTest")]
[assembly: AssemblyDescription("TinyMl.Nano tests on the device (the sources of tests/TinyMl.Nano.Tests).")]
[assembly: AssemblyProduct("TinyMl.Nano")]
