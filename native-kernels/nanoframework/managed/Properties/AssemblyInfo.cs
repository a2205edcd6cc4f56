using System.Reflection;
using System.Runtime.CompilerServices;

[assembly: AssemblyTitle("TinyMl.Nano.Interop")]
[assembly: AssemblyDescription("Native (interop) entry points of TinyMl.Nano: int8 kernels, runtime and front ends in the firmware.")]
[assembly: AssemblyProduct("TinyMl.Nano")]

////////////////////////////////////////////////////////////////////////////////
// Raise it whenever a native signature changes (then run tools/TinyMl.InteropCheck
// with the argument --write and rebuild the firmware); the firmware carries the same
// number in native-kernels/nanoframework/TinyMl_Nano_Interop.cpp.
[assembly: AssemblyNativeVersion("1.0.0.0")]
////////////////////////////////////////////////////////////////////////////////

// NativeMethods is internal: the library and the device tests call it.
[assembly: InternalsVisibleTo("TinyMl.Nano")]
[assembly: InternalsVisibleTo("NFUnitTest")]
