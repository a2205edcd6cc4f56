// COMPILE-ONLY DECLARATION, never run and never shipped. The part of nanoFramework.TestFramework
// 3.0.77 (not served by the package registry) that the shared device tests use: the attributes
// the launcher looks for and the Assert methods of DEVELOPERS.md's common subset, with the
// package's signatures (an optional message, filled by CallerArgumentExpression). It lets
// tools/TinyMl.DeviceCheck --corlib compile NFUnitTest against the real nanoFramework mscorlib.
// A test using an Assert method or attribute not declared here fails that compile, on purpose:
// the shared sources keep to the subset both frameworks have.
using System.Runtime.CompilerServices;

namespace nanoFramework.TestFramework
{
    [System.AttributeUsage(System.AttributeTargets.Class, AllowMultiple = false)]
    public class TestClassAttribute : System.Attribute
    {
    }

    [System.AttributeUsage(System.AttributeTargets.Method, AllowMultiple = false)]
    public class TestMethodAttribute : System.Attribute
    {
    }

    [System.AttributeUsage(System.AttributeTargets.Method, AllowMultiple = false)]
    public class SetupAttribute : System.Attribute
    {
    }

    [System.AttributeUsage(System.AttributeTargets.Method, AllowMultiple = false)]
    public class CleanupAttribute : System.Attribute
    {
    }

    public sealed class Assert
    {
        public static void AreEqual(bool expected, bool actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(byte expected, byte actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(char expected, char actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(System.DateTime expected, System.DateTime actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(double expected, double actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(float expected, float actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(int expected, int actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(long expected, long actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(object expected, object actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(sbyte expected, sbyte actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(short expected, short actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(string expected, string actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(uint expected, uint actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(ulong expected, ulong actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(ushort expected, ushort actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void IsTrue(bool condition, [CallerArgumentExpression("condition")] string message = "") => throw null;
        public static void IsFalse(bool condition, [CallerArgumentExpression("condition")] string message = "") => throw null;
        public static void IsNull(object value, [CallerArgumentExpression("value")] string message = "") => throw null;
        public static void IsNotNull(object value, [CallerArgumentExpression("value")] string message = "") => throw null;
    }
}
