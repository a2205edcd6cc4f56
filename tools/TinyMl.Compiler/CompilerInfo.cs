namespace TinyMl.Compiler
{
    /// <summary>Version of the .tnm blob format this compiler writes.</summary>
    public static class BlobFormat
    {
        public const int Version = 1;
    }
}
