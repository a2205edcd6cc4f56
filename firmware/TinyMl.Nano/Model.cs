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
        public const int HeaderSize = 64;

        // Word positions in the native model info (TNM_INFO_* in tnm_model.h; checked against
        // it by OpTableMirrorTests).
        internal const int InfoFormatVersion = 0;
        internal const int InfoBlobSize = 1;
        internal const int InfoArenaSize = 2;
        internal const int InfoTensorCount = 3;
        internal const int InfoLayerCount = 4;
        internal const int InfoInputTensor = 5;
        internal const int InfoOutputTensor = 6;
        internal const int InfoDataSize = 7;
        internal const int InfoChecksum = 8;
        internal const int InfoInputCount = 9;
        internal const int InfoOutputCount = 10;
        internal const int InfoStateOffset = 11;
        internal const int InfoStateSize = 12;
        internal const int InfoInitLayerCount = 13;
        internal const int InfoOpSetLow = 14;
        internal const int InfoOpSetHigh = 15;
        internal const int InfoVariableCount = 16;
        internal const int InfoOpSet64 = 17;
        internal const int InfoOpSet96 = 18;
        internal const int InfoWords = 19;

        /// <summary>Operator codes are below this (native TNM_OP_CODE_LIMIT).</summary>
        internal const int OpCodeLimit = 128;

        private readonly byte[] _blob;    // null for a model in the firmware's flash table
        private readonly int _flashId;    // index in the flash table, -1 for a byte[] model
        private readonly int[] _info;
        private readonly TensorInfo[] _tensors;
        private int[] _inputs;
        private int[] _outputs;

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

            _inputs = IoTensors(0, info[InfoInputCount], error);
            _outputs = IoTensors(1, info[InfoOutputCount], error);

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

        private int[] IoTensors(int isOutput, int count, int[] error)
        {
            int[] list = new int[count];
            for (int i = 0; i < count; i++)
            {
                int tensor = _blob != null
                    ? NativeMethods.ModelIoTensor(_blob, _blob.Length, isOutput, i, error)
                    : NativeMethods.FlashModelIoTensor(_flashId, isOutput, i, error);
                if (tensor < 0)
                {
                    Check(tensor, error);
                }
                list[i] = tensor;
            }
            return list;
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

        /// <summary>Prepares layer <paramref name="index"/> of a flash model into plans[offset..] (native status, detail in error).</summary>
        internal int PrepareLayer(int index, byte[] plans, int offset, int[] error)
        {
            return NativeMethods.FlashLayerPrepare(_flashId, index, plans, plans.Length, offset, error);
        }

        /// <summary>Runs a prepared layer of a flash model (native status, detail in error).</summary>
        internal int InvokePreparedLayer(byte[] arena, int index, byte[] plans, int offset, int[] error)
        {
            return NativeMethods.FlashLayerInvokePrepared(_flashId, arena, arena.Length, index, plans, plans.Length, offset, error);
        }

        /// <summary>Zeroes the state region of <paramref name="arena"/> (resource variables and the init flag).</summary>
        internal int ResetState(byte[] arena, int[] error)
        {
            return _blob != null
                ? NativeMethods.ModelResetState(_blob, _blob.Length, arena, arena.Length, error)
                : NativeMethods.FlashModelResetState(_flashId, arena, arena.Length, error);
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

        /// <summary>Number of tensors (activations, resource variables and constants).</summary>
        public int TensorCount { get { return _info[InfoTensorCount]; } }

        /// <summary>Number of layers, in execution order (the init subgraph's layers first).</summary>
        public int LayerCount { get { return _info[InfoLayerCount]; } }

        /// <summary>Layers [0, InitLayerCount) are the init subgraph: they run on the first inference after a reset only.</summary>
        public int InitLayerCount { get { return _info[InfoInitLayerCount]; } }

        /// <summary>Number of model inputs.</summary>
        public int InputCount { get { return _inputs.Length; } }

        /// <summary>Number of model outputs.</summary>
        public int OutputCount { get { return _outputs.Length; } }

        /// <summary>Tensor index of the first model input.</summary>
        public int InputIndex { get { return _inputs[0]; } }

        /// <summary>Tensor index of the first model output.</summary>
        public int OutputIndex { get { return _outputs[0]; } }

        /// <summary>Tensor index of model input <paramref name="i"/>.</summary>
        public int GetInputIndex(int i)
        {
            if (i < 0 || i >= _inputs.Length)
            {
                throw new ArgumentOutOfRangeException("i", "the model has inputs 0.." + (_inputs.Length - 1).ToString() + ", got " + i.ToString());
            }
            return _inputs[i];
        }

        /// <summary>Tensor index of model output <paramref name="i"/>.</summary>
        public int GetOutputIndex(int i)
        {
            if (i < 0 || i >= _outputs.Length)
            {
                throw new ArgumentOutOfRangeException("i", "the model has outputs 0.." + (_outputs.Length - 1).ToString() + ", got " + i.ToString());
            }
            return _outputs[i];
        }

        /// <summary>True for a streaming model: state (resource variables) persists from one inference to the next.</summary>
        public bool KeepsState { get { return _info[InfoStateSize] > 0; } }

        /// <summary>Bytes of the state region at the start of the arena (0 when the model keeps no state).</summary>
        public int StateSize { get { return _info[InfoStateSize]; } }

        /// <summary>Number of resource variables.</summary>
        public int VariableCount { get { return _info[InfoVariableCount]; } }

        /// <summary>True when the model uses operator <paramref name="opCode"/> (a <see cref="LayerOp"/> code).</summary>
        public bool UsesOperator(int opCode)
        {
            if (opCode < 0 || opCode >= OpCodeLimit)
            {
                return false;
            }
            int word = opCode < 32 ? _info[InfoOpSetLow]
                     : opCode < 64 ? _info[InfoOpSetHigh]
                     : opCode < 96 ? _info[InfoOpSet64] : _info[InfoOpSet96];
            return ((word >> (opCode & 31)) & 1) != 0;
        }

        /// <summary>The operator set of the model: the codes it uses, ascending (what a firmware must link).</summary>
        public int[] GetOperators()
        {
            int count = 0;
            for (int c = 0; c < OpCodeLimit; c++)
            {
                if (UsesOperator(c))
                {
                    count++;
                }
            }
            int[] codes = new int[count];
            int at = 0;
            for (int c = 0; c < OpCodeLimit; c++)
            {
                if (UsesOperator(c))
                {
                    codes[at++] = c;
                }
            }
            return codes;
        }

        /// <summary>Description of tensor <paramref name="index"/>.</summary>
        public TensorInfo GetTensorInfo(int index)
        {
            if (index < 0 || index >= _tensors.Length)
            {
                throw new ArgumentOutOfRangeException("index", "the model has tensors 0.." + (_tensors.Length - 1).ToString() + ", got " + index.ToString());
            }
            return _tensors[index];
        }

        /// <summary>Description of layer <paramref name="index"/>: op, input and output lists, MACs, params.</summary>
        public LayerInfo GetLayerInfo(int index)
        {
            if (index < 0 || index >= LayerCount)
            {
                throw new ArgumentOutOfRangeException("index", "the model has layers 0.." + (LayerCount - 1).ToString() + ", got " + index.ToString());
            }
            int[] words = new int[LayerInfo.MaxWords];
            int[] error = new int[NativeMethods.ErrorWords];
            int status = _blob != null
                ? NativeMethods.LayerInfo(_blob, _blob.Length, index, words, words.Length, error)
                : NativeMethods.FlashLayerInfo(_flashId, index, words, words.Length, error);
            Check(status, error);
            return new LayerInfo(index, words);
        }
    }
}
