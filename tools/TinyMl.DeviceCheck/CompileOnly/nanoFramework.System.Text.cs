// COMPILE-ONLY DECLARATION, never run and never shipped. The part of the nanoFramework package
// nanoFramework.System.Text 1.3.42 (not served by the package registry) that device code may use,
// matching NanoApi's System.Text.Encoding member list, so that it compiles against the real
// nanoFramework mscorlib (tools/TinyMl.DeviceCheck, --corlib). Types or members of the package
// that are not declared here fail that compile: add them only after checking the package.
namespace System.Text
{
    public abstract class Encoding
    {
        public static Encoding UTF8 => throw null;
        public virtual byte[] GetBytes(string s) => throw null;
        public virtual int GetBytes(string s, int charIndex, int charCount, byte[] bytes, int byteIndex) => throw null;
        public virtual char[] GetChars(byte[] bytes) => throw null;
        public virtual char[] GetChars(byte[] bytes, int byteIndex, int byteCount) => throw null;
        public virtual string GetString(byte[] bytes, int index, int count) => throw null;
        public virtual Decoder GetDecoder() => throw null;
    }

    public class UTF8Encoding : Encoding
    {
    }

    public abstract class Decoder
    {
    }
}
