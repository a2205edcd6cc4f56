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

        /// <summary>Tensor index of model input (isOutput 0) or output (1) number position, or a negative tnm_status.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int ModelIoTensor(byte[] model, int modelLength, int isOutput, int position, int[] error);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int TensorInfo(byte[] model, int modelLength, int index, int[] info, float[] scale, int[] error);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int LayerInfo(byte[] model, int modelLength, int index, int[] info, int infoLength, int[] error);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int LayerInvoke(byte[] model, int modelLength, byte[] arena, int arenaLength, int index, int[] error);

        /// <summary>Zeroes the model's state region in the arena (resource variables and the init flag).</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int ModelResetState(byte[] model, int modelLength, byte[] arena, int arenaLength, int[] error);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int ErrorFormat(int[] error, byte[] message, int messageLength);

        /// <summary>The name of operator code op (tnm_ops.def; "UNKNOWN" for another code) as ASCII in name[0..): its length, or a negative tnm_status.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int OpName(int op, byte[] name, int nameLength);

        // Models compiled into the firmware (native-kernels/nanoframework/tnm_flash_models.h):
        // the blob stays in memory-mapped flash and is addressed by its index in the
        // firmware's model table, so its weights never enter the managed heap.

        /// <summary>Index of the flash model named by name[0..nameLength) (ASCII), or a negative tnm_status.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int FlashModelFind(byte[] name, int nameLength, int[] error);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int FlashModelCheck(int modelId, int[] error);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int FlashModelInfo(int modelId, int[] info, int[] error);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int FlashModelIoTensor(int modelId, int isOutput, int position, int[] error);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int FlashTensorInfo(int modelId, int index, int[] info, float[] scale, int[] error);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int FlashLayerInfo(int modelId, int index, int[] info, int infoLength, int[] error);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int FlashLayerInvoke(int modelId, byte[] arena, int arenaLength, int index, int[] error);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int FlashModelResetState(int modelId, byte[] arena, int arenaLength, int[] error);

        // Prepared layers (tnm_layer_prepare): plans[planOffset..plansLength) holds the layer's
        // plan (TNM_PREPARED_LAYER_BYTES, 4-byte aligned on the device).
        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int FlashLayerPrepare(int modelId, int index, byte[] plans, int plansLength, int planOffset, int[] error);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int FlashLayerInvokePrepared(int modelId, byte[] arena, int arenaLength, int index, byte[] plans, int plansLength, int planOffset, int[] error);

        // Audio front ends (native-kernels/include/tnm/tnm_frontend.h): one 30 ms frame
        // (480 samples at 16 kHz) per call, read at samples[sampleOffset..+480) and written
        // to features[featureOffset..+N) (N = 40 micro_speech, 10 MFCC). The state is an
        // int[] of *StateWords() words, prepared by *Init and passed to every call.

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int MicroFrontendStateWords();

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int MicroFrontendInit(int[] state, int stateWords, int[] error);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int MicroFrontendProcess(int[] state, int stateWords, short[] samples, int samplesLength, int sampleOffset, sbyte[] features, int featuresLength, int featureOffset, int[] error);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int MfccFrontendStateWords();

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int MfccFrontendInit(int[] state, int stateWords, float sampleScale, float outputScale, int outputZeroPoint, int[] error);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int MfccFrontendProcess(int[] state, int stateWords, short[] samples, int samplesLength, int sampleOffset, sbyte[] features, int featuresLength, int featureOffset, int[] error);

        // microWakeWord front end: the micro_speech front end's state and Process call with the
        // microfrontend library's settings (windows 10 ms apart), chosen by this Init.

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int MicroFrontendInitWakeWord(int[] state, int stateWords, int[] error);

        // Anomaly-detection features (native-kernels/include/tnm/tnm_features.h). Stateless:
        // the scratch is an int[] of *ScratchWords() words. Vibration: windowSamples x, y, z
        // samples (3 * windowSamples floats) read at samples[sampleOffset..], 3 * bandCount
        // features written at features[featureOffset..]. Log-mel: one 1024-sample frame in,
        // 128 values out.

        /// <summary>Scratch words for a vibration window, or -1 when windowSamples is not a power of 2 in [8, 4096].</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int VibrationScratchWords(int windowSamples);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int VibrationFeaturesF32(float[] samples, int samplesLength, int sampleOffset, int windowSamples, int bandCount, float[] features, int featuresLength, int featureOffset, int[] scratch, int scratchWords, int[] error);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int VibrationFeaturesS8(float[] samples, int samplesLength, int sampleOffset, int windowSamples, int bandCount, float outputScale, int outputZeroPoint, sbyte[] features, int featuresLength, int featureOffset, int[] scratch, int scratchWords, int[] error);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int LogMelScratchWords();

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int LogMelFrameF32(short[] samples, int samplesLength, int sampleOffset, float sampleScale, float[] logMel, int logMelLength, int logMelOffset, int[] scratch, int scratchWords, int[] error);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int LogMelFrameS8(short[] samples, int samplesLength, int sampleOffset, float sampleScale, float outputScale, int outputZeroPoint, sbyte[] logMel, int logMelLength, int logMelOffset, int[] scratch, int scratchWords, int[] error);
#else
        private const string Library = "tinyml_native";

        [DllImport(Library, EntryPoint = "tnm_host_model_check")]
        internal static extern int ModelCheck(byte[] model, int modelLength, int[] error);

        [DllImport(Library, EntryPoint = "tnm_host_model_info")]
        internal static extern int ModelInfo(byte[] model, int modelLength, int[] info, int[] error);

        [DllImport(Library, EntryPoint = "tnm_host_model_io_tensor")]
        internal static extern int ModelIoTensor(byte[] model, int modelLength, int isOutput, int position, int[] error);

        [DllImport(Library, EntryPoint = "tnm_host_tensor_info")]
        internal static extern int TensorInfo(byte[] model, int modelLength, int index, int[] info, float[] scale, int[] error);

        [DllImport(Library, EntryPoint = "tnm_host_layer_info")]
        internal static extern int LayerInfo(byte[] model, int modelLength, int index, int[] info, int infoLength, int[] error);

        [DllImport(Library, EntryPoint = "tnm_host_layer_invoke")]
        internal static extern int LayerInvoke(byte[] model, int modelLength, byte[] arena, int arenaLength, int index, int[] error);

        // Flash models cannot change after their check (HostFlashModels keeps copies): their
        // layers run through the read-only path, as on the device.
        [DllImport(Library, EntryPoint = "tnm_host_layer_invoke_readonly")]
        private static extern int LayerInvokeReadonly(byte[] model, int modelLength, byte[] arena, int arenaLength, int index, int[] error);

        [DllImport(Library, EntryPoint = "tnm_host_layer_prepare")]
        private static extern int LayerPrepare(byte[] model, int modelLength, int index, byte[] plans, int plansLength, int planOffset, int[] error);

        [DllImport(Library, EntryPoint = "tnm_host_layer_invoke_prepared")]
        private static extern int LayerInvokePrepared(byte[] model, int modelLength, byte[] arena, int arenaLength, int index, byte[] plans, int plansLength, int planOffset, int[] error);

        [DllImport(Library, EntryPoint = "tnm_host_model_reset_state")]
        internal static extern int ModelResetState(byte[] model, int modelLength, byte[] arena, int arenaLength, int[] error);

        [DllImport(Library, EntryPoint = "tnm_host_error_format")]
        internal static extern int ErrorFormat(int[] error, byte[] message, int messageLength);

        [DllImport(Library, EntryPoint = "tnm_host_op_name")]
        internal static extern int OpName(int op, byte[] name, int nameLength);

        // The host has no firmware model table: the Flash* calls read a registry of byte[]
        // blobs (HostFlashModels) and forward to the byte[] calls above, so code written
        // against flash models runs unchanged in host tests and the simulator.

        internal static int FlashModelFind(byte[] name, int nameLength, int[] error)
        {
            return HostFlashModels.Find(name, nameLength, error);
        }

        internal static int FlashModelCheck(int modelId, int[] error)
        {
            byte[] blob = HostFlashModels.Get(modelId, error);
            return blob == null ? HostFlashModels.StatusArgument : ModelCheck(blob, blob.Length, error);
        }

        internal static int FlashModelInfo(int modelId, int[] info, int[] error)
        {
            byte[] blob = HostFlashModels.Get(modelId, error);
            return blob == null ? HostFlashModels.StatusArgument : ModelInfo(blob, blob.Length, info, error);
        }

        internal static int FlashModelIoTensor(int modelId, int isOutput, int position, int[] error)
        {
            byte[] blob = HostFlashModels.Get(modelId, error);
            return blob == null ? HostFlashModels.StatusArgument : ModelIoTensor(blob, blob.Length, isOutput, position, error);
        }

        internal static int FlashModelResetState(int modelId, byte[] arena, int arenaLength, int[] error)
        {
            byte[] blob = HostFlashModels.Get(modelId, error);
            return blob == null ? HostFlashModels.StatusArgument : ModelResetState(blob, blob.Length, arena, arenaLength, error);
        }

        internal static int FlashTensorInfo(int modelId, int index, int[] info, float[] scale, int[] error)
        {
            byte[] blob = HostFlashModels.Get(modelId, error);
            return blob == null ? HostFlashModels.StatusArgument : TensorInfo(blob, blob.Length, index, info, scale, error);
        }

        internal static int FlashLayerInfo(int modelId, int index, int[] info, int infoLength, int[] error)
        {
            byte[] blob = HostFlashModels.Get(modelId, error);
            return blob == null ? HostFlashModels.StatusArgument : LayerInfo(blob, blob.Length, index, info, infoLength, error);
        }

        internal static int FlashLayerInvoke(int modelId, byte[] arena, int arenaLength, int index, int[] error)
        {
            byte[] blob = HostFlashModels.Get(modelId, error);
            return blob == null ? HostFlashModels.StatusArgument : LayerInvokeReadonly(blob, blob.Length, arena, arenaLength, index, error);
        }

        internal static int FlashLayerPrepare(int modelId, int index, byte[] plans, int plansLength, int planOffset, int[] error)
        {
            byte[] blob = HostFlashModels.Get(modelId, error);
            return blob == null ? HostFlashModels.StatusArgument : LayerPrepare(blob, blob.Length, index, plans, plansLength, planOffset, error);
        }

        internal static int FlashLayerInvokePrepared(int modelId, byte[] arena, int arenaLength, int index, byte[] plans, int plansLength, int planOffset, int[] error)
        {
            byte[] blob = HostFlashModels.Get(modelId, error);
            return blob == null ? HostFlashModels.StatusArgument : LayerInvokePrepared(blob, blob.Length, arena, arenaLength, index, plans, plansLength, planOffset, error);
        }

        // Audio front ends: see the device declarations above.

        [DllImport(Library, EntryPoint = "tnm_host_micro_frontend_state_words")]
        internal static extern int MicroFrontendStateWords();

        [DllImport(Library, EntryPoint = "tnm_host_micro_frontend_init")]
        internal static extern int MicroFrontendInit(int[] state, int stateWords, int[] error);

        [DllImport(Library, EntryPoint = "tnm_host_micro_frontend_process")]
        internal static extern int MicroFrontendProcess(int[] state, int stateWords, short[] samples, int samplesLength, int sampleOffset, sbyte[] features, int featuresLength, int featureOffset, int[] error);

        [DllImport(Library, EntryPoint = "tnm_host_mfcc_frontend_state_words")]
        internal static extern int MfccFrontendStateWords();

        [DllImport(Library, EntryPoint = "tnm_host_mfcc_frontend_init")]
        internal static extern int MfccFrontendInit(int[] state, int stateWords, float sampleScale, float outputScale, int outputZeroPoint, int[] error);

        [DllImport(Library, EntryPoint = "tnm_host_mfcc_frontend_process")]
        internal static extern int MfccFrontendProcess(int[] state, int stateWords, short[] samples, int samplesLength, int sampleOffset, sbyte[] features, int featuresLength, int featureOffset, int[] error);

        // microWakeWord front end: see the device declaration above.

        [DllImport(Library, EntryPoint = "tnm_host_micro_frontend_init_wake_word")]
        internal static extern int MicroFrontendInitWakeWord(int[] state, int stateWords, int[] error);

        // Anomaly-detection features: see the device declarations above.

        [DllImport(Library, EntryPoint = "tnm_host_vibration_scratch_words")]
        internal static extern int VibrationScratchWords(int windowSamples);

        [DllImport(Library, EntryPoint = "tnm_host_vibration_features_f32")]
        internal static extern int VibrationFeaturesF32(float[] samples, int samplesLength, int sampleOffset, int windowSamples, int bandCount, float[] features, int featuresLength, int featureOffset, int[] scratch, int scratchWords, int[] error);

        [DllImport(Library, EntryPoint = "tnm_host_vibration_features_s8")]
        internal static extern int VibrationFeaturesS8(float[] samples, int samplesLength, int sampleOffset, int windowSamples, int bandCount, float outputScale, int outputZeroPoint, sbyte[] features, int featuresLength, int featureOffset, int[] scratch, int scratchWords, int[] error);

        [DllImport(Library, EntryPoint = "tnm_host_logmel_scratch_words")]
        internal static extern int LogMelScratchWords();

        [DllImport(Library, EntryPoint = "tnm_host_logmel_frame_f32")]
        internal static extern int LogMelFrameF32(short[] samples, int samplesLength, int sampleOffset, float sampleScale, float[] logMel, int logMelLength, int logMelOffset, int[] scratch, int scratchWords, int[] error);

        [DllImport(Library, EntryPoint = "tnm_host_logmel_frame_s8")]
        internal static extern int LogMelFrameS8(short[] samples, int samplesLength, int sampleOffset, float sampleScale, float outputScale, int outputZeroPoint, sbyte[] logMel, int logMelLength, int logMelOffset, int[] scratch, int scratchWords, int[] error);
#endif
    }
}
