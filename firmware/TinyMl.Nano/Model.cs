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
        private const int InfoWords = 8;

        private readonly byte[] _blob;
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

            int[] error = new int[NativeMethods.ErrorWords];
            if (blob.Length < HeaderSize)
            {
                // Caught here so no native call ever sees an empty array; same sentence as native.
                error[0] = NativeStatus.Format;
                error[1] = NativeStatus.FieldBlobLength;
                error[2] = -1;
                error[3] = blob.Length;
                error[4] = HeaderSize;
                throw NativeStatus.ToException(NativeStatus.Format, error, null);
            }

            int status = NativeMethods.ModelCheck(blob, blob.Length, error);
            if (status != NativeStatus.Ok)
            {
                throw NativeStatus.ToException(status, error, null);
            }

            int[] info = new int[InfoWords];
            status = NativeMethods.ModelInfo(blob, blob.Length, info, error);
            if (status != NativeStatus.Ok)
            {
                throw NativeStatus.ToException(status, error, null);
            }

            _blob = blob;
            _info = info;

            int count = info[InfoTensorCount];
            _tensors = new TensorInfo[count];
            int[] words = new int[TensorInfo.Words];
            float[] scale = new float[1];
            for (int i = 0; i < count; i++)
            {
                status = NativeMethods.TensorInfo(blob, blob.Length, i, words, scale, error);
                if (status != NativeStatus.Ok)
                {
                    throw NativeStatus.ToException(status, error, null);
                }
                _tensors[i] = new TensorInfo(i, words, scale[0]);
            }
        }

        /// <summary>The blob this model reads (not a copy).</summary>
        internal byte[] Blob { get { return _blob; } }

        /// <summary>Format version of the blob.</summary>
        public int FormatVersion { get { return _info[InfoFormatVersion]; } }

        /// <summary>Total bytes of the blob.</summary>
        public int BlobSize { get { return _info[InfoBlobSize]; } }

        /// <summary>Bytes of arena an interpreter needs for this model.</summary>
        public int ArenaSize { get { return _info[InfoArenaSize]; } }

        /// <summary>Bytes of constant data (weights, biases, multipliers).</summary>
        public int DataSize { get { return _info[InfoDataSize]; } }

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
            int status = NativeMethods.LayerInfo(_blob, _blob.Length, index, words, error);
            if (status != NativeStatus.Ok)
            {
                throw NativeStatus.ToException(status, error, null);
            }
            return new LayerInfo(index, words);
        }
    }
}
