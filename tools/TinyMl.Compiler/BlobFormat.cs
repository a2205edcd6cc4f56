namespace TinyMl.Compiler
{
    /// <summary>Constants of the .tnm blob format v3 (native-kernels/include/tnm/tnm_model.h is the
    /// spec; BlobFormatTests checks these against it). Operator codes come from <see cref="OpTable"/>.</summary>
    public static class BlobFormat
    {
        public const int Version = 3;
        public const int HeaderSize = 64;
        public const int TensorRecordSize = 32;
        public const int LayerRecordSize = 20;
        public const int MaxTensors = 1024;
        public const int MaxLayers = 1024;
        public const int MaxRank = 6;
        public const int MaxIo = 16;
        public const int MaxLayerInputs = 32;
        public const int MaxLayerOutputs = 16;
        public const int MaxLayerParams = 256;
        public const int NoTensor = 0xFFFF;

        public const int TensorConstant = 1;
        public const int TensorVariable = 2;

        public const int LayerInPlace = 1;
        public const int LayerInPlaceReverse = 2;
        public const int LayerInPlacePixels = 4;
        public const int LayerStrip = 8;
        public const int LayerBandShift = 8;

        public const int TypeFloat32 = 0;
        public const int TypeInt32 = 2;
        public const int TypeUInt8 = 3;
        public const int TypeBool = 6;
        public const int TypeInt16 = 7;
        public const int TypeInt8 = 9;

        /// <summary>Name of a blob op code, as tnm_op_name returns it.</summary>
        public static string OpName(int op) => OpTable.NameOf(op);
    }
}
