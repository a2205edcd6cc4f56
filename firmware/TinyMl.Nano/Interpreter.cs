using System;
using TinyMl.Nano.Native;

namespace TinyMl.Nano
{
    /// <summary>
    /// Runs a <see cref="Model"/> in an arena (one byte[] holding every activation tensor and,
    /// for a streaming model, the state kept between inferences).
    /// Typical use: write <see cref="Input"/>, call <see cref="Invoke"/>, read <see cref="Output"/>.
    /// Each layer is one native call; <see cref="InvokeLayer"/> runs one so the caller can
    /// time layers or let other managed threads run between them (a native call blocks them
    /// all on the device). Invoking allocates nothing.
    /// </summary>
    public sealed class Interpreter
    {
        private readonly Model _model;
        private readonly byte[] _arena;
        private readonly int[] _error;
        private readonly Tensor[] _tensors;
        private readonly int _layerCount;
        private byte[] _plans; // PrepareLayers: one plan of PreparedLayerBytes per layer

        /// <summary>
        /// Bytes of heap <see cref="PrepareLayers"/> takes per layer (TNM_PREPARED_LAYER_BYTES in
        /// tnm_model.h).
        /// </summary>
        public const int PreparedLayerBytes = 736;

        /// <summary>Creates an interpreter with a new arena of exactly the model's arena size.</summary>
        public Interpreter(Model model)
            : this(model, model == null ? null : new byte[model.ArenaSize])
        {
        }

        /// <summary>
        /// Creates an interpreter that uses the caller's arena (for example one buffer shared by
        /// models that never run at the same time). It must hold at least
        /// <see cref="Model.ArenaSize"/> bytes.
        /// </summary>
        /// <exception cref="ArenaTooSmallException">The arena is smaller than the model needs.</exception>
        public Interpreter(Model model, byte[] arena)
        {
            if (model == null)
            {
                throw new ArgumentNullException("model");
            }
            if (arena == null)
            {
                throw new ArgumentNullException("arena");
            }
            if (arena.Length < model.ArenaSize)
            {
                // Checked here (no native call yet); the sentence comes from the native table.
                int[] detail = new int[NativeMethods.ErrorWords];
                detail[0] = NativeStatus.Arena;
                detail[1] = NativeStatus.FieldArena;
                detail[2] = -1;
                detail[3] = arena.Length;
                detail[4] = model.ArenaSize;
                throw NativeStatus.ToException(NativeStatus.Arena, detail, null);
            }

            _model = model;
            _arena = arena;
            _error = new int[NativeMethods.ErrorWords];
            _layerCount = model.LayerCount;
            _tensors = new Tensor[model.TensorCount];
            for (int i = 0; i < _tensors.Length; i++)
            {
                TensorInfo info = model.GetTensorInfo(i);
                if (info.IsConstant)
                {
                    continue; // constant data stays in the blob; GetTensor explains
                }
                string role = info.IsVariable ? "variable tensor" : "tensor";
                for (int k = 0; k < model.InputCount; k++)
                {
                    if (model.GetInputIndex(k) == i)
                    {
                        role = model.InputCount == 1 ? "input tensor" : "input " + k.ToString() + " tensor";
                    }
                }
                for (int k = 0; k < model.OutputCount; k++)
                {
                    if (model.GetOutputIndex(k) == i)
                    {
                        role = model.OutputCount == 1 ? "output tensor" : "output " + k.ToString() + " tensor";
                    }
                }
                _tensors[i] = new Tensor(info, arena, role);
            }
            if (model.KeepsState)
            {
                // A caller's arena may hold anything: start from a fresh state.
                ResetState();
            }
        }

        /// <summary>The model this interpreter runs.</summary>
        public Model Model { get { return _model; } }

        /// <summary>Bytes of arena the model needs (the arena may be larger).</summary>
        public int ArenaSize { get { return _model.ArenaSize; } }

        /// <summary>Number of layers.</summary>
        public int LayerCount { get { return _layerCount; } }

        /// <summary>Number of model inputs.</summary>
        public int InputCount { get { return _model.InputCount; } }

        /// <summary>Number of model outputs.</summary>
        public int OutputCount { get { return _model.OutputCount; } }

        /// <summary>The model's input tensor (the first one when it has several: see <see cref="GetInput"/>).</summary>
        public Tensor Input { get { return _tensors[_model.InputIndex]; } }

        /// <summary>The model's output tensor (the first one when it has several: see <see cref="GetOutput"/>).</summary>
        public Tensor Output { get { return _tensors[_model.OutputIndex]; } }

        /// <summary>Model input <paramref name="i"/> (0..InputCount - 1).</summary>
        public Tensor GetInput(int i)
        {
            return _tensors[_model.GetInputIndex(i)];
        }

        /// <summary>Model output <paramref name="i"/> (0..OutputCount - 1).</summary>
        public Tensor GetOutput(int i)
        {
            return _tensors[_model.GetOutputIndex(i)];
        }

        /// <summary>Tensor <paramref name="index"/> of the model, as a view of this arena.</summary>
        /// <exception cref="ArgumentException">The tensor is a constant (weights stay in the blob, see <see cref="TensorInfo.IsConstant"/>).</exception>
        public Tensor GetTensor(int index)
        {
            if (index < 0 || index >= _tensors.Length)
            {
                throw new ArgumentOutOfRangeException("index", "the model has tensors 0.." + (_tensors.Length - 1).ToString() + ", got " + index.ToString());
            }
            if (_tensors[index] == null)
            {
                throw new ArgumentException("tensor " + index.ToString() + " is constant data in the model, not in the arena", "index");
            }
            return _tensors[index];
        }

        /// <summary>
        /// Starts a new stream for a model that keeps state (<see cref="TinyMl.Nano.Model.KeepsState"/>):
        /// zeroes its resource variables, and the next <see cref="Invoke"/> runs the model's init
        /// subgraph again. A new interpreter starts from this state; nothing to do for other models.
        /// </summary>
        public void ResetState()
        {
            int status = _model.ResetState(_arena, _error);
            if (status != NativeStatus.Ok)
            {
                throw NativeStatus.ToException(status, _error, "reset state");
            }
        }

        /// <summary>True after <see cref="PrepareLayers"/>: every layer runs from its plan.</summary>
        public bool IsPrepared { get { return _plans != null; } }

        /// <summary>
        /// Prepares every layer once, as TensorFlow Lite Micro prepares its nodes: the native
        /// runtime parses each layer record and its tensors and derives the kernel's arguments
        /// now and keeps them in a plan (<see cref="PreparedLayerBytes"/> bytes of heap a layer),
        /// so an inference no longer parses them layer by layer. For models in the firmware's
        /// flash table only: a byte[] model is checked again at every layer, which keeps a
        /// changed array from reaching the kernels.
        /// </summary>
        /// <exception cref="InvalidOperationException">The model is not in the flash table.</exception>
        public void PrepareLayers()
        {
            if (!_model.IsInFlash)
            {
                throw new InvalidOperationException("PrepareLayers runs only models in the firmware's flash table (Model.FromFlash): a byte[] model is checked again at every layer");
            }
            byte[] plans = new byte[_layerCount * PreparedLayerBytes];
            for (int i = 0; i < _layerCount; i++)
            {
                int status = _model.PrepareLayer(i, plans, i * PreparedLayerBytes, _error);
                if (status != NativeStatus.Ok)
                {
                    throw NativeStatus.ToException(status, _error, "prepare layer " + i.ToString());
                }
            }
            _plans = plans;
        }

        /// <summary>Runs every layer in order: one inference (a streaming model's init layers do work only on the first one after a reset).</summary>
        public void Invoke()
        {
            for (int i = 0; i < _layerCount; i++)
            {
                InvokeLayer(i);
            }
        }

        /// <summary>Runs layer <paramref name="index"/> alone (its input must already be in the arena).</summary>
        public void InvokeLayer(int index)
        {
            if (index < 0 || index >= _layerCount)
            {
                throw new ArgumentOutOfRangeException("index", "the model has layers 0.." + (_layerCount - 1).ToString() + ", got " + index.ToString());
            }
            int status = _plans != null
                ? _model.InvokePreparedLayer(_arena, index, _plans, index * PreparedLayerBytes, _error)
                : _model.InvokeLayer(_arena, index, _error);
            if (status != NativeStatus.Ok)
            {
                throw NativeStatus.ToException(status, _error, "layer " + index.ToString());
            }
        }
    }
}
