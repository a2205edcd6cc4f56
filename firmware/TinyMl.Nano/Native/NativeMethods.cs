using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TinyMl.Nano.Native
{
    /// <summary>
    /// The one place where managed code calls the native kernels (native-kernels/include/tnm).
    /// On the device these are nanoFramework interop methods implemented by the interop
    /// assembly compiled into the firmware (native-kernels/nanoframework); on the host they are
    /// P/Invoke calls into libtinyml_native (native-kernels/glue/host). Both sides take the same
    /// arguments: arrays pass by reference without an offset, so every call carries explicit
    /// lengths, and every call returns a tnm_status (0 = ok) with detail in error[5].
    /// Each call is bounded (one layer, one frame), because a native call blocks every managed
    /// thread on the device.
    /// </summary>
    internal static class NativeMethods
    {
        /// <summary>Words in an error detail array (tnm_error).</summary>
        internal const int ErrorWords = 5;

#if NANOFRAMEWORK_1_0
        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int ModelCheck(byte[] model, int modelLength, int[] error);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int ModelInfo(byte[] model, int modelLength, int[] info, int[] error);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int TensorInfo(byte[] model, int modelLength, int index, int[] info, float[] scale, int[] error);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int LayerInfo(byte[] model, int modelLength, int index, int[] info, int[] error);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int LayerInvoke(byte[] model, int modelLength, byte[] arena, int arenaLength, int index, int[] error);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int ErrorFormat(int[] error, byte[] message, int messageLength);
#else
        private const string Library = "tinyml_native";

        [DllImport(Library, EntryPoint = "tnm_host_model_check")]
        internal static extern int ModelCheck(byte[] model, int modelLength, int[] error);

        [DllImport(Library, EntryPoint = "tnm_host_model_info")]
        internal static extern int ModelInfo(byte[] model, int modelLength, int[] info, int[] error);

        [DllImport(Library, EntryPoint = "tnm_host_tensor_info")]
        internal static extern int TensorInfo(byte[] model, int modelLength, int index, int[] info, float[] scale, int[] error);

        [DllImport(Library, EntryPoint = "tnm_host_layer_info")]
        internal static extern int LayerInfo(byte[] model, int modelLength, int index, int[] info, int[] error);

        [DllImport(Library, EntryPoint = "tnm_host_layer_invoke")]
        internal static extern int LayerInvoke(byte[] model, int modelLength, byte[] arena, int arenaLength, int index, int[] error);

        [DllImport(Library, EntryPoint = "tnm_host_error_format")]
        internal static extern int ErrorFormat(int[] error, byte[] message, int messageLength);
#endif
    }
}
