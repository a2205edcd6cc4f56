using System;
using TinyMl.Nano.Native;

namespace TinyMl.Nano
{
    /// <summary>
    /// A compiled model (.tnm blob from `tinyml compile`), validated once by the native
    /// runtime. The model keeps a reference to the blob, not a copy (the device heap is
    /// small): do not change the array afterwards. The runtime checks every layer again when
    /// it runs it, so a changed blob gives an error, never an out-of-bounds access.
    /// </summary>
    public sealed class Model
    {
        /// <summary>Bytes of the blob header; a shorter array cannot be a model.</summary>
        public const int HeaderSize = 48;

        // Word positions in the native model info (TNM_INFO_* in tnm_model.h).
        private const int InfoFormatVersion = 0;
        private const int InfoBlobSize = 1;
        private const int InfoArenaSize = 2;
        private const int InfoTensorCount = 3;
        private const int InfoLayerCount = 4;
        private const int InfoInputTensor = 5;
        private const int InfoOutputTensor = 6;
        private const int InfoDataSize = 7;
        private const int InfoChecksum = 8;
        private const int InfoWords = 9;

        private readonly byte[] _blob;    // null for a model in the firmware's flash table
        private readonly int _flashId;    // index in the flash table, -1 for a byte[] model
        private readonly int[] _info;
        private readonly TensorInfo[] _tensors;

        /// <summary>
        /// Validates the blob (header, CRC32, every tensor and layer) and reads its tables.
        /// </summary>
        /// <exception cref="ArgumentNullException">blob is null.</exception>
        /// <exception cref="ModelFormatException">The blob is malformed, of another format version, or its checksum does not match.</exception>
        /// <exception cref="ModelNotSupportedException">The blob uses an operator or type this build does not run.</exception>
        public Model(byte[] blob)
        {
            if (blob == null)
            {
                throw new ArgumentNullException("blob");
            }

            if (blob.Length < HeaderSize)
            {
                // Caught here so no native call ever sees an empty array; same sentence as native.
                int[] error = new int[NativeMethods.ErrorWords];
                error[0] = NativeStatus.Format;
                error[1] = NativeStatus.FieldBlobLength;
                error[2] = -1;
                error[3] = blob.Length;
                error[4] = HeaderSize;
                throw NativeStatus.ToException(NativeStatus.Format, error, null);
            }

            _blob = blob;
            _flashId = -1;
            _info = new int[InfoWords];
            _tensors = Load(_info);
        }

        private Model(int flashId)
        {
            _blob = null;
            _flashId = flashId;
            _info = new int[InfoWords];
            _tensors = Load(_info);
        }

        /// <summary>
        /// Opens a model compiled into the firmware (<c>tinyml compile --emit-c</c>, see
        /// boards/README.md): its weights stay in flash and are read in place, so a model larger
        /// than the managed heap runs; only the arena is allocated. On the host, models
        /// registered with HostFlashModels.Register stand in for the firmware table.
        /// </summary>
        /// <exception cref="ArgumentException">No model of that name is in the firmware.</exception>
        public static Model FromFlash(string name)
        {
            if (name == null)
            {
                throw new ArgumentNullException("name");
            }
            byte[] ascii = new byte[name.Length];
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (c == 0 || c > 127)
                {
                    throw new ArgumentException("flash model names are ASCII: '" + name + "'", "name");
                }
                ascii[i] = (byte)c;
            }
            int[] error = new int[NativeMethods.ErrorWords];
            int id = NativeMethods.FlashModelFind(ascii, ascii.Length, error);
            if (id < 0)
            {
                throw new ArgumentException("no model named '" + name + "' in the firmware's flash model table", "name");
            }
            return new Model(id);
        }

        /// <summary>Validates the model and reads its header and tensor table.</summary>
        private TensorInfo[] Load(int[] info)
        {
            int[] error = new int[NativeMethods.ErrorWords];
            int status = _blob != null
                ? NativeMethods.ModelCheck(_blob, _blob.Length, error)
                : NativeMethods.FlashModelCheck(_flashId, error);
            Check(status, error);
            status = _blob != null
                ? NativeMethods.ModelInfo(_blob, _blob.Length, info, error)
                : NativeMethods.FlashModelInfo(_flashId, info, error);
            Check(status, error);

            TensorInfo[] tensors = new TensorInfo[info[InfoTensorCount]];
            int[] words = new int[TensorInfo.Words];
            float[] scale = new float[1];
            for (int i = 0; i < tensors.Length; i++)
            {
                status = _blob != null
                    ? NativeMethods.TensorInfo(_blob, _blob.Length, i, words, scale, error)
                    : NativeMethods.FlashTensorInfo(_flashId, i, words, scale, error);
                Check(status, error);
                tensors[i] = new TensorInfo(i, words, scale[0]);
            }
            return tensors;
        }

        private static void Check(int status, int[] error)
        {
            if (status != NativeStatus.Ok)
            {
                throw NativeStatus.ToException(status, error, null);
            }
        }

        /// <summary>True when the model is read in place from the firmware's flash table.</summary>
        public bool IsInFlash { get { return _blob == null; } }

        /// <summary>Runs one layer in the arena; returns the native status (detail in error).</summary>
        internal int InvokeLayer(byte[] arena, int index, int[] error)
        {
            return _blob != null
                ? NativeMethods.LayerInvoke(_blob, _blob.Length, arena, arena.Length, index, error)
                : NativeMethods.FlashLayerInvoke(_flashId, arena, arena.Length, index, error);
        }

        /// <summary>Format version of the blob.</summary>
        public int FormatVersion { get { return _info[InfoFormatVersion]; } }

        /// <summary>Total bytes of the blob.</summary>
        public int BlobSize { get { return _info[InfoBlobSize]; } }

        /// <summary>Bytes of arena an interpreter needs for this model.</summary>
        public int ArenaSize { get { return _info[InfoArenaSize]; } }

        /// <summary>Bytes of constant data (weights, biases, multipliers).</summary>
        public int DataSize { get { return _info[InfoDataSize]; } }

        /// <summary>
        /// The blob's CRC-32 (as stored in its header), which covers every weight: a fingerprint
        /// that changes whenever the model is retrained or recompiled.
        /// </summary>
        public int Checksum { get { return _info[InfoChecksum]; } }

        /// <summary>Number of activation tensors.</summary>
        public int TensorCount { get { return _info[InfoTensorCount]; } }

        /// <summary>Number of layers, in execution order.</summary>
        public int LayerCount { get { return _info[InfoLayerCount]; } }

        /// <summary>Index of the input tensor.</summary>
        public int InputIndex { get { return _info[InfoInputTensor]; } }

        /// <summary>Index of the output tensor.</summary>
        public int OutputIndex { get { return _info[InfoOutputTensor]; } }

        /// <summary>Description of tensor <paramref name="index"/>.</summary>
        public TensorInfo GetTensorInfo(int index)
        {
            if (index < 0 || index >= _tensors.Length)
            {
                throw new ArgumentOutOfRangeException("index", "the model has tensors 0.." + (_tensors.Length - 1).ToString() + ", got " + index.ToString());
            }
            return _tensors[index];
        }

        /// <summary>Description of layer <paramref name="index"/>: op, tensors, MACs, params.</summary>
        public LayerInfo GetLayerInfo(int index)
        {
            if (index < 0 || index >= LayerCount)
            {
                throw new ArgumentOutOfRangeException("index", "the model has layers 0.." + (LayerCount - 1).ToString() + ", got " + index.ToString());
            }
            int[] words = new int[LayerInfo.Words];
            int[] error = new int[NativeMethods.ErrorWords];
            int status = _blob != null
                ? NativeMethods.LayerInfo(_blob, _blob.Length, index, words, error)
                : NativeMethods.FlashLayerInfo(_flashId, index, words, error);
            Check(status, error);
            return new LayerInfo(index, words);
        }
    }
}
