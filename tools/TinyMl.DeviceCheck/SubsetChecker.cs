using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace TinyMl.DeviceCheck;

/// <summary>A C# file to check. Files under a Device/ folder are device adapters (System.IO allowed).</summary>
public sealed record SourceFile(string Path, string Text)
{
    public bool IsDeviceAdapter =>
        Path.Replace('\\', '/').Split('/').Any(part => part.Equals("Device", StringComparison.Ordinal));
}

/// <summary>
/// Checks that C# code keeps to what nanoFramework compiles and runs (DEVELOPERS.md, "Rules of
/// the platform"). The sources are bound with Roslyn against the .NET reference assemblies, once
/// with NANOFRAMEWORK_1_0 defined (what the device compiles) and once without (the host build of
/// the same files, which resolves more symbols); code that only the host compiles (#if
/// !NANOFRAMEWORK_1_0 blocks) is never reported. Syntax rules catch what the language adds
/// (generic declarations, tuples, records, async, stackalloc, unsafe code, [,] arrays, iterators,
/// default interface members, init/required, ranges); semantic rules catch what binding adds
/// (implicit generic calls, var of a generic type, Nullable&lt;T&gt; from ?., `using` aliases, .NET
/// types or overloads nanoFramework lacks: <see cref="NanoPlatform"/>, read from the real
/// nanoFramework mscorlib, and <see cref="NanoApi"/> for what it cannot answer). Symbols .NET does not know
/// (nanoFramework-only APIs such as System.Device.Gpio or SpanByte) cannot be judged and pass.
/// </summary>
public static class SubsetChecker
{
    public const string DeviceSymbol = "NANOFRAMEWORK_1_0";

    /// <summary>Highest language version used for binding: C# 13 adds params Span overloads that
    /// .NET prefers but nanoFramework does not have, which would make every string.Format look wrong.</summary>
    private const LanguageVersion BindingLanguage = LanguageVersion.CSharp12;

    private static readonly Regex FormatSpecifier = new(NanoApi.FormatSpecifierPattern, RegexOptions.CultureInvariant);
    private static readonly Regex CompositeItem = new(@"\{(\d+)\s*(,\s*-?\d+\s*)?(:([^}]*))?\}", RegexOptions.CultureInvariant);
    private static readonly Lazy<IReadOnlyList<MetadataReference>> PlatformReferences = new(LoadPlatformReferences);

    /// <summary>Checks every file every .nfproj under <paramref name="repoRoot"/> compiles.</summary>
    public static IReadOnlyList<Violation> CheckRepository(string repoRoot)
    {
        string root = Path.GetFullPath(repoRoot);
        IReadOnlyList<NfProject> projects = NfProject.FindAll(root);
        var byPath = projects.ToDictionary(p => p.ProjectFile, StringComparer.Ordinal);
        var violations = new List<Violation>();
        foreach (NfProject project in projects)
        {
            foreach (string missing in project.MissingFiles)
            {
                violations.Add(new Violation(Relative(root, project.ProjectFile), 1, 1, Rules.Project,
                    $"{Path.GetFileName(project.ProjectFile)} compiles {Relative(root, missing)}, which does not exist."));
            }
        }

        foreach (bool device in new[] { true, false })
        {
            var compilations = new Dictionary<string, CSharpCompilation>(StringComparer.Ordinal);
            foreach (NfProject project in projects)
            {
                CSharpCompilation compilation = Compile(project, byPath, compilations, device, new HashSet<string>(StringComparer.Ordinal));
                foreach (SyntaxTree tree in compilation.SyntaxTrees)
                {
                    violations.AddRange(CheckTree(tree, compilation, device, project)
                        .Select(v => v with { Path = Relative(root, v.Path) }));
                }
            }
        }

        return Sort(violations);
    }

    /// <summary>Checks loose sources as one compilation (tests, or a file list from elsewhere).</summary>
    public static IReadOnlyList<Violation> CheckSources(IEnumerable<SourceFile> files)
    {
        List<SourceFile> list = files.ToList();
        var violations = new List<Violation>();
        foreach (bool device in new[] { true, false })
        {
            CSharpParseOptions options = ParseOptions(device, Array.Empty<string>(), BindingLanguage);
            SyntaxTree[] trees = list.Select(f => CSharpSyntaxTree.ParseText(SourceText.From(f.Text), options, f.Path)).ToArray();
            CSharpCompilation compilation = CreateCompilation("Snippets", trees, Array.Empty<MetadataReference>());
            foreach (SyntaxTree tree in trees)
            {
                violations.AddRange(CheckTree(tree, compilation, device));
            }
        }

        return Sort(violations);
    }

    /// <summary>One report per file, line, rule and message (several nodes of one expression bind the same symbol).</summary>
    private static IReadOnlyList<Violation> Sort(IEnumerable<Violation> violations) => violations
        .GroupBy(v => (v.Path, v.Line, v.Rule, v.Message))
        .Select(g => g.OrderBy(v => v.Column).First())
        .OrderBy(v => v.Path, StringComparer.Ordinal).ThenBy(v => v.Line).ThenBy(v => v.Column).ThenBy(v => v.Rule, StringComparer.Ordinal)
        .ToArray();

    private static CSharpCompilation Compile(NfProject project, Dictionary<string, NfProject> byPath,
        Dictionary<string, CSharpCompilation> done, bool device, HashSet<string> visiting)
    {
        if (done.TryGetValue(project.ProjectFile, out CSharpCompilation? existing))
        {
            return existing;
        }

        visiting.Add(project.ProjectFile);
        var references = new List<MetadataReference>();
        foreach (string reference in project.ProjectReferences)
        {
            if (byPath.TryGetValue(reference, out NfProject? referenced) && !visiting.Contains(reference))
            {
                references.Add(Compile(referenced, byPath, done, device, visiting).ToMetadataReference());
            }
        }

        LanguageVersion language = LanguageVersionFacts.TryParse(project.LangVersion, out LanguageVersion parsed)
            && parsed.MapSpecifiedToEffectiveVersion() < BindingLanguage ? parsed : BindingLanguage;
        CSharpParseOptions options = ParseOptions(device, project.DefineConstants, language);
        SyntaxTree[] trees = project.SourceFiles
            .Select(file => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(file)), options, file))
            .ToArray();
        CSharpCompilation compilation = CreateCompilation(project.AssemblyName, trees, references);
        done[project.ProjectFile] = compilation;
        return compilation;
    }

    private static CSharpParseOptions ParseOptions(bool device, IEnumerable<string> defines, LanguageVersion language)
    {
        IEnumerable<string> symbols = defines.Where(d => d != DeviceSymbol);
        return new CSharpParseOptions(language, DocumentationMode.None,
            preprocessorSymbols: device ? symbols.Append(DeviceSymbol) : symbols);
    }

    private static CSharpCompilation CreateCompilation(string name, IEnumerable<SyntaxTree> trees, IEnumerable<MetadataReference> references) =>
        CSharpCompilation.Create(name, trees, PlatformReferences.Value.Concat(references),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));

    private static IReadOnlyList<MetadataReference> LoadPlatformReferences()
    {
        string list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string
            ?? throw new InvalidOperationException("Cannot find the .NET platform assemblies to bind against.");
        return list.Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is string f && (f.StartsWith("System.", StringComparison.Ordinal) || f is "mscorlib.dll" or "netstandard.dll"))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
    }

    private static string Relative(string root, string path) =>
        Path.IsPathRooted(path) && path.StartsWith(root, StringComparison.Ordinal)
            ? Path.GetRelativePath(root, path).Replace('\\', '/')
            : path.Replace('\\', '/');

    private static IEnumerable<Violation> CheckTree(SyntaxTree tree, CSharpCompilation compilation, bool device, NfProject? project = null)
    {
        var walker = new Walker(tree, compilation.GetSemanticModel(tree), new SourceFile(tree.FilePath, ""), project);
        walker.Visit(tree.GetRoot());
        IEnumerable<FoundViolation> found = walker.Found;
        if (!device)
        {
            // Host variant: keep only what the device compiles too (drop #if !NANOFRAMEWORK_1_0 code).
            var options = (CSharpParseOptions)tree.Options;
            SyntaxNode deviceRoot = CSharpSyntaxTree.ParseText(tree.GetText(),
                options.WithPreprocessorSymbols(options.PreprocessorSymbolNames.Append(DeviceSymbol))).GetRoot();
            TextSpan[] hostOnly = deviceRoot.DescendantTrivia()
                .Where(t => t.IsKind(SyntaxKind.DisabledTextTrivia))
                .Select(t => t.Span)
                .ToArray();
            found = found.Where(v => !hostOnly.Any(span => span.Contains(v.Position)));
        }

        return found.Select(v => (Violation)v).ToArray();
    }

    /// <summary>A member's key as the API lists write it (NanoPlatform derives nanoFramework's with it).</summary>
    internal static string ApiKey(ISymbol member, INamedTypeSymbol owner) => Walker.MemberKey(member, owner, null);

    /// <summary>Namespace-qualified metadata name, nested types joined with '.'.</summary>
    internal static string ApiName(INamedTypeSymbol type) => Walker.FullName(type);

    private sealed class Walker : CSharpSyntaxWalker
    {
        private readonly SyntaxTree _tree;
        private readonly SemanticModel _model;
        private readonly bool _adapter;
        private readonly List<Found> _found = new();

        private readonly NfProject? _project;
        private readonly HashSet<string> _missingAssemblies = new(StringComparer.Ordinal);

        public Walker(SyntaxTree tree, SemanticModel model, SourceFile file, NfProject? project)
        {
            _tree = tree;
            _model = model;
            _adapter = file.IsDeviceAdapter;
            _project = project;
        }

        public IEnumerable<FoundViolation> Found => _found.Select(f => f.ToViolation(_tree));

        public override void Visit(SyntaxNode? node)
        {
            if (node == null)
            {
                return;
            }

            CheckSyntax(node);
            if (node is ExpressionSyntax or TypeSyntax && !InsideNameOf(node))
            {
                CheckBinding(node);
            }

            base.Visit(node);
        }

        private void Report(SyntaxNode node, string rule, string message) => _found.Add(new Found(node.SpanStart, rule, message));

        private void Report(SyntaxToken token, string rule, string message) => _found.Add(new Found(token.SpanStart, rule, message));

        private void CheckSyntax(SyntaxNode node)
        {
            switch (node)
            {
                case TypeParameterListSyntax:
                    Report(node, Rules.Generic, "declares a generic type or method; nanoFramework has no generics: use object, arrays or a concrete type.");
                    break;
                case GenericNameSyntax generic:
                    Report(node, Rules.Generic, $"uses the generic {generic.Identifier.Text}<...>; nanoFramework has no generics.");
                    break;
                case QueryExpressionSyntax:
                    Report(node, Rules.Linq, "LINQ query; nanoFramework has no System.Linq: write the loop.");
                    break;
                case AwaitExpressionSyntax:
                    Report(node, Rules.Async, "await; nanoFramework has no async/Task: use a Thread or a loop.");
                    break;
                case CommonForEachStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }:
                case UsingStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }:
                case LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }:
                    Report(node, Rules.Async, "await foreach/using; nanoFramework has no async/Task.");
                    break;
                case TupleTypeSyntax or TupleExpressionSyntax or ParenthesizedVariableDesignationSyntax:
                    Report(node, Rules.Tuple, "tuple or deconstruction; nanoFramework has no ValueTuple: use out parameters or a small class.");
                    break;
                case RecordDeclarationSyntax:
                    Report(node, Rules.Record, "record; nanoFramework has no records (they need IEquatable<T>): write a class.");
                    break;
                case WithExpressionSyntax:
                    Report(node, Rules.Record, "with-expression; nanoFramework has no records.");
                    break;
                case StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax:
                    Report(node, Rules.StackAlloc, "stackalloc; nanoFramework has no stackalloc/Span: use a preallocated array.");
                    break;
                case PointerTypeSyntax or FunctionPointerTypeSyntax or FixedStatementSyntax or UnsafeStatementSyntax:
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression or (int)SyntaxKind.PointerIndirectionExpression }:
                case MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.PointerMemberAccessExpression }:
                    Report(node, Rules.Unsafe, "unsafe code or pointers; nanoFramework runs verifiable IL only.");
                    break;
                case ArrayRankSpecifierSyntax { Rank: > 1 }:
                    Report(node, Rules.MultiDimensionalArray, "multidimensional array; nanoFramework has single-dimensional arrays only: use a flat array and a shape.");
                    break;
                case AccessorDeclarationSyntax { RawKind: (int)SyntaxKind.InitAccessorDeclaration }:
                    Report(node, Rules.Init, "init accessor; nanoFramework does not handle the modreq(IsExternalInit) it emits: use a constructor and a get-only property.");
                    break;
                case YieldStatementSyntax:
                    Report(node, Rules.Iterator, "iterator (yield); the compiler implements it with IEnumerable<T>/IEnumerator<T>, which nanoFramework lacks: return an array.");
                    break;
                case AnonymousObjectCreationExpressionSyntax:
                    Report(node, Rules.AnonymousType, "anonymous type; the compiler makes it a generic class: declare a class.");
                    break;
                case RangeExpressionSyntax or SlicePatternSyntax:
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.IndexExpression }:
                    Report(node, Rules.Range, "index/range (^i, a..b); nanoFramework has no System.Index/System.Range: use explicit offsets.");
                    break;
                case InterpolationFormatClauseSyntax format:
                    CheckFormat(node, format.FormatStringToken.ValueText);
                    break;
                case InvocationExpressionSyntax invocation:
                    CheckFormatCall(invocation);
                    break;
            }

            if (node is MemberDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax)
            {
                CheckModifiers(node);
            }

            if (node is MemberDeclarationSyntax member && member.Parent is InterfaceDeclarationSyntax)
            {
                CheckInterfaceMember(member);
            }
        }

        private void CheckModifiers(SyntaxNode node)
        {
            SyntaxTokenList modifiers = node switch
            {
                MemberDeclarationSyntax m => m.Modifiers,
                LocalFunctionStatementSyntax f => f.Modifiers,
                AnonymousFunctionExpressionSyntax a => a.Modifiers,
                _ => default,
            };
            foreach (SyntaxToken modifier in modifiers)
            {
                switch (modifier.Kind())
                {
                    case SyntaxKind.AsyncKeyword:
                        Report(modifier, Rules.Async, "async method; nanoFramework has no async/Task: use a Thread or a loop.");
                        break;
                    case SyntaxKind.UnsafeKeyword:
                    case SyntaxKind.FixedKeyword:
                        Report(modifier, Rules.Unsafe, "unsafe code; nanoFramework runs verifiable IL only.");
                        break;
                    case SyntaxKind.RequiredKeyword:
                        Report(modifier, Rules.Required, "required member; needs attributes nanoFramework lacks: take it in the constructor.");
                        break;
                    case SyntaxKind.RefKeyword when node is StructDeclarationSyntax:
                        Report(modifier, Rules.RefStruct, "ref struct; nanoFramework has no byref-like types.");
                        break;
                }
            }
        }

        private void CheckInterfaceMember(MemberDeclarationSyntax member)
        {
            bool hasBody = member switch
            {
                BaseMethodDeclarationSyntax m => m.Body != null || m.ExpressionBody != null,
                PropertyDeclarationSyntax p => p.ExpressionBody != null || (p.AccessorList?.Accessors.Any(a => a.Body != null || a.ExpressionBody != null) ?? false),
                IndexerDeclarationSyntax i => i.ExpressionBody != null || (i.AccessorList?.Accessors.Any(a => a.Body != null || a.ExpressionBody != null) ?? false),
                EventDeclarationSyntax e => e.AccessorList?.Accessors.Any(a => a.Body != null || a.ExpressionBody != null) ?? false,
                _ => false,
            };
            bool isStatic = member.Modifiers.Any(SyntaxKind.StaticKeyword);
            if (hasBody || isStatic)
            {
                Report(member, Rules.DefaultInterfaceMember, "interface member with a body or static; nanoFramework interfaces declare instance members only.");
            }
        }

        private void CheckFormat(SyntaxNode node, string format)
        {
            if (!FormatSpecifier.IsMatch(format))
            {
                Report(node, Rules.Format, $"format \"{format}\"; nanoFramework formats numbers with D, F, G, N and X (optionally with a precision) only.");
            }
        }

        /// <summary>x.ToString("...") and string.Format("...", ...) with a constant format.</summary>
        private void CheckFormatCall(InvocationExpressionSyntax invocation)
        {
            string? name = invocation.Expression switch
            {
                MemberAccessExpressionSyntax m => m.Name.Identifier.ValueText,
                IdentifierNameSyntax i => i.Identifier.ValueText,
                _ => null,
            };
            if (name is not ("ToString" or "Format") || invocation.ArgumentList.Arguments.Count == 0)
            {
                return;
            }

            ExpressionSyntax first = invocation.ArgumentList.Arguments[0].Expression;
            if (_model.GetConstantValue(first) is not { HasValue: true, Value: string text })
            {
                return;
            }

            if (name == "ToString")
            {
                CheckFormat(first, text);
                return;
            }

            if (_model.GetSymbolInfo(invocation).Symbol is IMethodSymbol { ContainingType.SpecialType: SpecialType.System_String } || _model.GetSymbolInfo(invocation).Symbol == null)
            {
                foreach (Match item in CompositeItem.Matches(text))
                {
                    if (item.Groups[4].Success)
                    {
                        CheckFormat(first, item.Groups[4].Value);
                    }
                }
            }
        }

        private static bool InsideNameOf(SyntaxNode node) =>
            node.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" });

        private void CheckBinding(SyntaxNode node)
        {
            SymbolInfo info = _model.GetSymbolInfo(node);
            if (info.Symbol != null)
            {
                CheckSymbol(node, info.Symbol);
            }

            if (node is ExpressionSyntax)
            {
                TypeInfo type = _model.GetTypeInfo(node);
                CheckType(node, type.Type);
                if (!SymbolEqualityComparer.Default.Equals(type.Type, type.ConvertedType))
                {
                    CheckType(node, type.ConvertedType);
                }
            }
        }

        private void CheckSymbol(SyntaxNode node, ISymbol symbol)
        {
            switch (symbol)
            {
                case ITypeSymbol type:
                    CheckType(node, type);
                    break;
                case INamespaceSymbol ns when node.Parent is UsingDirectiveSyntax && !ns.IsGlobalNamespace:
                    CheckNamespace(node, ns);
                    break;
                case IMethodSymbol method:
                    CheckMethod(node, method);
                    break;
                case IPropertySymbol or IFieldSymbol or IEventSymbol:
                    if (FromDotNet(symbol))
                    {
                        CheckType(node, symbol.ContainingType);
                        CheckMember(node, symbol);
                    }

                    CheckType(node, symbol switch
                    {
                        IPropertySymbol p => p.Type,
                        IFieldSymbol f => f.Type,
                        IEventSymbol e => e.Type,
                        _ => null,
                    });
                    break;
                case ILocalSymbol local:
                    CheckType(node, local.Type);
                    break;
            }
        }

        private void CheckMethod(SyntaxNode node, IMethodSymbol method)
        {
            if (method.IsGenericMethod)
            {
                if (HasNonGenericTwin(method))
                {
                    return;
                }

                Report(node, Rules.Generic, $"calls the generic method {method.ContainingType?.Name}.{method.Name}<{string.Join(", ", method.TypeArguments.Select(t => t.ToDisplayString()))}>; nanoFramework has no generics.");
            }

            CheckType(node, method.ContainingType);
            if (method.MethodKind is MethodKind.BuiltinOperator or MethodKind.AnonymousFunction or MethodKind.LocalFunction or MethodKind.DelegateInvoke)
            {
                return;
            }

            IMethodSymbol target = method.ReducedFrom ?? method;
            if (FromDotNet(target) && target.MethodKind is not (MethodKind.UserDefinedOperator or MethodKind.Conversion))
            {
                CheckMember(node, target);
            }
        }

        private void CheckNamespace(SyntaxNode node, INamespaceSymbol ns)
        {
            string name = ns.ToDisplayString();
            bool fromSource = ns.ConstituentNamespaces.Any(c => c.ContainingAssembly is ISourceAssemblySymbol)
                || ns.GetTypeMembers().Any(t => !FromDotNet(t));
            if (fromSource || KnownNamespaces(_adapter).Any(k => k == name || k.StartsWith(name + ".", StringComparison.Ordinal)))
            {
                return;
            }

            Report(node, Rule(name), $"using {name}: nanoFramework has no such namespace{Hint(name)}.");
        }

        private void CheckType(SyntaxNode node, ITypeSymbol? type)
        {
            switch (type)
            {
                case null or IErrorTypeSymbol or ITypeParameterSymbol:
                    return;
                case IDynamicTypeSymbol:
                    Report(node, Rules.Dynamic, "dynamic; nanoFramework has no dynamic binder.");
                    return;
                case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                    Report(node, Rules.Unsafe, "pointer type; nanoFramework runs verifiable IL only.");
                    return;
                case IArrayTypeSymbol array:
                    if (array.Rank > 1)
                    {
                        Report(node, Rules.MultiDimensionalArray, $"{array.ToDisplayString()}: nanoFramework has single-dimensional arrays only: use a flat array and a shape.");
                    }

                    CheckType(node, array.ElementType);
                    return;
                case INamedTypeSymbol named:
                    if (named.IsTupleType)
                    {
                        Report(node, Rules.Tuple, $"{named.ToDisplayString()}: nanoFramework has no ValueTuple.");
                        return;
                    }

                    if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
                    {
                        Report(node, Rules.Generic, $"{named.ToDisplayString()}: a nullable value type is Nullable<T>, a generic type nanoFramework lacks.");
                        return;
                    }

                    if (named.IsGenericType)
                    {
                        Report(node, Rules.Generic, $"{named.ToDisplayString()}: generic type; nanoFramework has no generics.");
                        return;
                    }

                    if (named.IsAnonymousType)
                    {
                        return;
                    }

                    if (named.ContainingType != null)
                    {
                        CheckType(node, named.ContainingType);
                        return;
                    }

                    if (FromDotNet(named))
                    {
                        string name = FullName(named);
                        if (!NanoPlatform.Current.HasType(name) && !(_adapter && NanoApi.DeviceAdapterTypes.Contains(name)))
                        {
                            string ns = named.ContainingNamespace?.ToDisplayString() ?? "";
                            string rule = name == "System.MathF" ? Rules.MathF : Rule(ns);
                            string extra = name == "System.MathF" ? ": use System.Math (double) or integer math" : Hint(ns);
                            Report(node, rule, $"{name}: nanoFramework has no such type{extra}.");
                        }
                        else if (_project != null && (NanoPlatform.Current.AssemblyOf(name) ?? NanoApi.AssemblyOf(name)) is string assembly && !_project.References.Contains(assembly)
                            && _missingAssemblies.Add(assembly))
                        {
                            Report(node, Rules.Project, $"{name} is in the nanoFramework assembly {assembly}, which {Path.GetFileName(_project.ProjectFile)} does not reference: add the package (and its dependencies) to the project and its packages.config.");
                        }
                    }

                    return;
            }
        }

        private void CheckMember(SyntaxNode node, ISymbol member)
        {
            INamedTypeSymbol? type = member.ContainingType?.OriginalDefinition;
            if (type == null || member.IsImplicitlyDeclared && member is not IMethodSymbol { MethodKind: MethodKind.Constructor })
            {
                return;
            }

            string typeName = FullName(type);
            string key = MemberKey(member, type, ArgumentCount(node));
            if (NanoPlatform.Current.Members("System.Object")!.Contains(key) || IsEqualsOverload(member))
            {
                return;
            }

            IReadOnlySet<string>? members = NanoPlatform.Current.Members(typeName);
            if (members == null)
            {
                return; // a type only device adapters may use (NanoApi.DeviceAdapterTypes): not judged member by member
            }

            bool known = members.Contains(key)
                || (NanoApi.SameResultOverloads.TryGetValue(typeName, out IReadOnlySet<string>? aliases) && aliases.Contains(key));
            if (!known)
            {
                Report(node, Rules.Api, $"{typeName}.{key}: nanoFramework has no such member or overload{(typeName == "System.Math" ? "; it has Abs/Max/Min for int, float, double and Round(double) only, other argument types silently convert" : "")}.");
            }
        }

        /// <summary>.NET binds Array.IndexOf(int[], 3) to IndexOf&lt;T&gt;; nanoFramework binds the same call
        /// to IndexOf(Array, object), which gives the same answer.</summary>
        private static bool HasNonGenericTwin(IMethodSymbol method)
        {
            IMethodSymbol definition = method.OriginalDefinition;
            if (!FromDotNet(definition) || definition.ContainingType == null
                || NanoPlatform.Current.Members(FullName(definition.ContainingType)) is not IReadOnlySet<string> members)
            {
                return false;
            }

            string Erase(ITypeSymbol t) => t switch
            {
                IArrayTypeSymbol { ElementType: ITypeParameterSymbol } => "System.Array",
                ITypeParameterSymbol => "object",
                _ => TypeKey(t),
            };
            return members.Contains($"{definition.Name}({string.Join(",", definition.Parameters.Select(p => Erase(p.Type)))})");
        }

        private static bool IsEqualsOverload(ISymbol member) =>
            member is IMethodSymbol { Name: "Equals", Parameters.Length: 1, IsStatic: false };

        private static bool IsNumeric(INamedTypeSymbol type) => type.SpecialType is SpecialType.System_SByte or SpecialType.System_Byte
            or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
            or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double;

        /// <summary>Arguments the call written at <paramref name="node"/> passes, when it is a call.</summary>
        private static int? ArgumentCount(SyntaxNode node)
        {
            SyntaxNode current = node;
            if (current.Parent is MemberAccessExpressionSyntax access && access.Name == current)
            {
                current = access;
            }

            return current switch
            {
                InvocationExpressionSyntax invocation => invocation.ArgumentList.Arguments.Count,
                BaseObjectCreationExpressionSyntax creation => creation.ArgumentList?.Arguments.Count ?? 0,
                _ when current.Parent is InvocationExpressionSyntax invocation && invocation.Expression == current => invocation.ArgumentList.Arguments.Count,
                _ => null,
            };
        }

        /// <summary>"Name(type,...)"; optional parameters the call leaves out are left out, because
        /// nanoFramework binds such a call to the shorter overload (string.Split(',') works).</summary>
        internal static string MemberKey(ISymbol member, INamedTypeSymbol owner, int? arguments)
        {
            if (member is not IMethodSymbol method)
            {
                return member is IPropertySymbol { IsIndexer: true } ? member.MetadataName : member.Name;
            }

            string Param(IParameterSymbol p) =>
                IsNumeric(owner) && SymbolEqualityComparer.Default.Equals(p.Type.OriginalDefinition, owner) ? "T" : TypeKey(p.Type);
            string name = method.MethodKind == MethodKind.Constructor ? ".ctor" : method.Name;
            IEnumerable<IParameterSymbol> parameters = method.Parameters;
            if (arguments is int given && given < method.Parameters.Length && method.Parameters.Skip(given).All(p => p.IsOptional))
            {
                parameters = parameters.Take(given);
            }

            return $"{name}({string.Join(",", parameters.Select(Param))})";
        }

        private static string TypeKey(ITypeSymbol type) => type switch
        {
            IArrayTypeSymbol array => TypeKey(array.ElementType) + "[]",
            _ when type.SpecialType != SpecialType.None && type.SpecialType != SpecialType.System_Array && Keyword(type) is string keyword => keyword,
            INamedTypeSymbol named => FullName(named),
            _ => type.ToDisplayString(),
        };

        private static string? Keyword(ITypeSymbol type) => type.SpecialType switch
        {
            SpecialType.System_Object => "object",
            SpecialType.System_String => "string",
            SpecialType.System_Boolean => "bool",
            SpecialType.System_Char => "char",
            SpecialType.System_SByte => "sbyte",
            SpecialType.System_Byte => "byte",
            SpecialType.System_Int16 => "short",
            SpecialType.System_UInt16 => "ushort",
            SpecialType.System_Int32 => "int",
            SpecialType.System_UInt32 => "uint",
            SpecialType.System_Int64 => "long",
            SpecialType.System_UInt64 => "ulong",
            SpecialType.System_Single => "float",
            SpecialType.System_Double => "double",
            SpecialType.System_Decimal => "decimal",
            _ => null,
        };

        internal static string FullName(INamedTypeSymbol type)
        {
            string ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : "";
            return type.ContainingType != null ? FullName(type.ContainingType) + "." + type.MetadataName : ns + type.MetadataName;
        }

        private static bool FromDotNet(ISymbol symbol) =>
            symbol.ContainingAssembly is { } assembly && assembly is not ISourceAssemblySymbol && symbol.Locations.All(l => l.IsInMetadata)
            && !(assembly.Name.StartsWith("TinyMl", StringComparison.Ordinal) || assembly.Name == "Snippets" || assembly.Name == "NFUnitTest"
                 || assembly.Name is "KeywordSpotting" or "AnomalyDetection");

        private static IEnumerable<string> KnownNamespaces(bool adapter) =>
            NanoPlatform.Current.Namespaces.Concat((adapter ? NanoApi.DeviceAdapterTypes : Enumerable.Empty<string>())
                .Select(t => t.Substring(0, t.LastIndexOf('.'))))
                .Distinct();

        private static string Rule(string ns) => ns switch
        {
            "System.Linq" or "System.Linq.Expressions" => Rules.Linq,
            "System.Threading.Tasks" => Rules.Async,
            "System.Collections.Generic" or "System.Collections.ObjectModel" or "System.Collections.Concurrent" or "System.Collections.Immutable" => Rules.Generic,
            _ => Rules.Api,
        };

        private static string Hint(string ns) => ns switch
        {
            "System.Collections.Generic" => ": use arrays or System.Collections.ArrayList",
            "System.Linq" => ": write the loop",
            "System.Threading.Tasks" => ": use System.Threading.Thread",
            "System.IO" => " outside device adapters (Device/ folders, which also need the nanoFramework.System.IO packages)",
            "System.Runtime.InteropServices" => ": keep DllImport and Marshal inside #if !NANOFRAMEWORK_1_0",
            "System.Buffers" or "System.Memory" => ": use arrays with offsets",
            _ => "",
        };
    }

    private readonly record struct Found(int Position, string Rule, string Message)
    {
        public FoundViolation ToViolation(SyntaxTree tree)
        {
            FileLinePositionSpan span = tree.GetLineSpan(new TextSpan(Position, 0));
            return new FoundViolation(tree.FilePath, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, Rule, Message, Position);
        }
    }
}

/// <summary>A violation with its character position, for the host-variant filter.</summary>
internal sealed record FoundViolation(string Path, int Line, int Column, string Rule, string Message, int Position)
{
    public static implicit operator Violation(FoundViolation v) => new(v.Path, v.Line, v.Column, v.Rule, v.Message);
}
