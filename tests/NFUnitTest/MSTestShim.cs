// The shared test sources (tests/TinyMl.Nano.Tests) are written for MSTest on the host and say
// `using Microsoft.VisualStudio.TestTools.UnitTesting;`. On the device that namespace only has to
// exist: [TestClass], [TestMethod] and Assert resolve to nanoFramework.TestFramework through the
// global using below, whose attribute types the nanoFramework test runner looks for. The shared
// sources keep to what both frameworks have (AreEqual, IsTrue, IsFalse, IsNull, IsNotNull).
global using nanoFramework.TestFramework;

namespace Microsoft.VisualStudio.TestTools.UnitTesting
{
    /// <summary>Makes the MSTest namespace exist on the device; holds nothing.</summary>
    internal static class DeviceTestNamespace
    {
    }
}
