#nullable enable
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace TinyMl.Tools.Tests.DeviceSuite;

/// <summary>
/// nanoFramework's test launcher calls every test method without an instance
/// (MethodInfo.Invoke(null, ...)): no constructor runs, `this` is null. A test that touches
/// instance state passes under MSTest and throws NullReferenceException on the device. This reads
/// the compiled test assembly with Mono.Cecil and reports, for every [TestClass]: instance fields
/// (their initializers would never run) and every use of `this` in a [TestMethod]: instance field
/// reads and writes, calls of instance methods (event handlers subscribed from the test included,
/// because the delegate is created on `this`), lambdas or local functions that capture `this`
/// (the closure stores it or is an instance method). Test methods themselves stay instance
/// methods for MSTest; static fields and state created inside the method are fine.
/// </summary>
internal static class TestInstanceState
{
    private const string TestClassAttribute = "nanoFramework.TestFramework.TestClassAttribute";
    private const string TestMethodAttribute = "nanoFramework.TestFramework.TestMethodAttribute";

    public static IReadOnlyList<string> Find(byte[] image)
    {
        var problems = new List<string>();
        using ModuleDefinition module = ModuleDefinition.ReadModule(new MemoryStream(image));
        foreach (TypeDefinition type in module.GetTypes().Where(t => Has(t, TestClassAttribute)))
        {
            foreach (FieldDefinition field in type.Fields.Where(f => !f.IsStatic))
            {
                problems.Add($"{type.FullName}: instance field {field.Name}; the device launcher never creates the test class, make it static and reset it in each test");
            }

            foreach (MethodDefinition method in type.Methods.Where(m => Has(m, TestMethodAttribute) && m.HasBody && !m.IsStatic))
            {
                Instruction[] code = method.Body.Instructions.ToArray();
                for (int i = 0; i < code.Length; i++)
                {
                    if (!LoadsThis(code[i]))
                    {
                        continue;
                    }

                    Instruction? next = i + 1 < code.Length ? code[i + 1] : null;
                    problems.Add($"{type.FullName}.{method.Name}: {Describe(next)} (IL_{code[i].Offset:x4}); the device launcher calls test methods with this == null");
                }
            }
        }

        return problems;
    }

    private static bool LoadsThis(Instruction instruction) =>
        instruction.OpCode == OpCodes.Ldarg_0
        || (instruction.OpCode == OpCodes.Ldarg || instruction.OpCode == OpCodes.Ldarg_S || instruction.OpCode == OpCodes.Ldarga || instruction.OpCode == OpCodes.Ldarga_S)
            && instruction.Operand is ParameterDefinition { Index: -1 };

    private static string Describe(Instruction? next)
    {
        switch (next?.Operand)
        {
            case FieldReference field when next.OpCode == OpCodes.Ldfld || next.OpCode == OpCodes.Ldflda:
                return $"reads instance field {field.Name}";
            case FieldReference field when field.Name.Contains("__this", StringComparison.Ordinal):
                return "a lambda or local function captures this (closure field " + field.Name + ")";
            case MethodReference target when next.OpCode == OpCodes.Ldftn || next.OpCode == OpCodes.Ldvirtftn:
                return target.Name.StartsWith('<')
                    ? $"a lambda or local function that uses this ({target.Name})"
                    : $"creates a delegate on the instance method {target.Name} (an instance event handler)";
            case MethodReference target when next.OpCode == OpCodes.Call || next.OpCode == OpCodes.Callvirt:
                return target.Name.StartsWith('<')
                    ? $"a local function that uses this ({target.Name})"
                    : $"calls the instance method {target.Name}";
        }

        // stfld: `this` is loaded first, the value after it; find the store that consumes it.
        for (Instruction? scan = next; scan != null; scan = scan.Next)
        {
            if (scan.OpCode == OpCodes.Stfld && scan.Operand is FieldReference stored)
            {
                return stored.Name.Contains("__this", StringComparison.Ordinal)
                    ? "a lambda or local function captures this (closure field " + stored.Name + ")"
                    : $"writes instance field {stored.Name}";
            }

            if (scan.OpCode.FlowControl is FlowControl.Branch or FlowControl.Cond_Branch or FlowControl.Return or FlowControl.Throw)
            {
                break;
            }
        }

        return "uses this";
    }

    private static bool Has(ICustomAttributeProvider provider, string attribute) =>
        provider.CustomAttributes.Any(a => a.AttributeType.FullName == attribute);
}
