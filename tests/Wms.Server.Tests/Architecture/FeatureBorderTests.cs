using Mono.Cecil;
using Wms.Server.Data;
using Xunit;

namespace Wms.Server.Tests.Architecture;

/// <summary>
/// Feature folders of Wms.Server (namespaces <c>Wms.Server.X</c>) may depend on each other only one way:
/// the code must read in the order the goods move (docs/architecture.md). The graph is read from the
/// compiled assembly with Mono.Cecil, so every kind of reference counts — signatures, base types, attributes,
/// and what method bodies (lambdas and async state machines included) call, create or cast to.
/// </summary>
public sealed class FeatureBorderTests
{
    /// <summary>Shared plumbing every feature may use, and the host and transport that use every feature.</summary>
    private static readonly HashSet<string> NotFeatures = ["Common", "Data", "Transport"];

    [Fact]
    public void FeatureNamespaces_DependencyGraph_HasNoCycle()
    {
        var graph = FeatureGraph.Read(typeof(WmsDbContext).Assembly.Location, NotFeatures);

        var cycles = FeatureGraph.Cycles(graph.Edges.Keys);

        Assert.True(cycles.Count == 0, "Feature namespaces depend on each other in a cycle:\n" + string.Join("\n", cycles.Select(graph.Describe)));
    }

    [Fact]
    public void FeatureGraph_ReadFromAssembly_SeesKnownReferences()
    {
        // The walker must see references of every kind, or the cycle test above proves nothing:
        // Picking uses Inventory's balances and ledger in method bodies, Outbound Catalog's SKUs in entity navigations.
        var graph = FeatureGraph.Read(typeof(WmsDbContext).Assembly.Location, NotFeatures);

        Assert.Contains(("Picking", "Inventory"), graph.Edges.Keys);
        Assert.Contains(("Outbound", "Catalog"), graph.Edges.Keys);
        Assert.Contains(("Inventory", "Layout"), graph.Edges.Keys);
        Assert.DoesNotContain(graph.Edges.Keys, e => NotFeatures.Contains(e.From) || NotFeatures.Contains(e.To));
    }

    [Fact]
    public void StockChanges_EveryPath_GoThroughTheLedgerWriter()
    {
        // Invariant 2 by construction: only Inventory.StockLedger applies a balance's stock rules, adds ledger rows
        // to a context or writes them in SQL; every other path (EF or prepared SQL) calls it.
        var offenders = FeatureGraph.LedgerWritesOutside(typeof(WmsDbContext).Assembly.Location, "Wms.Server.Inventory.StockLedger", "Wms.Server.Inventory.StockBalance");

        Assert.True(offenders.Count == 0, "Stock changed without the ledger writer:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void Cycles_ThreeFeaturesInARing_FoundOnce()
    {
        (string, string)[] edges = [("A", "B"), ("B", "C"), ("C", "A"), ("C", "D"), ("D", "E")];

        var cycles = FeatureGraph.Cycles(edges);

        var cycle = Assert.Single(cycles);
        Assert.Equal(["A", "B", "C"], cycle.Order());
    }

    [Fact]
    public void Cycles_TwoFeaturesImportingEachOther_Found()
    {
        var cycles = FeatureGraph.Cycles([("Inventory", "Outbound"), ("Outbound", "Inventory"), ("Picking", "Inventory")]);

        Assert.Equal(["Inventory", "Outbound"], Assert.Single(cycles).Order());
    }

    [Fact]
    public void Cycles_OneWayChain_NoneFound()
    {
        Assert.Empty(FeatureGraph.Cycles([("Picking", "Outbound"), ("Outbound", "Inventory"), ("Picking", "Inventory"), ("Inventory", "Layout")]));
    }
}

/// <summary>Which feature namespace references which, with one example reference per edge for the message.</summary>
internal sealed class FeatureGraph
{
    public Dictionary<(string From, string To), string> Edges { get; } = [];

    public static FeatureGraph Read(string assemblyPath, IReadOnlySet<string> notFeatures)
    {
        var graph = new FeatureGraph();
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        foreach (var type in module.GetTypes())
        {
            var from = FeatureOf(type);
            if (from is null || notFeatures.Contains(from))
            {
                continue;
            }

            foreach (var (reference, where) in References(type))
            {
                var to = reference.Scope.MetadataScopeType == MetadataScopeType.ModuleDefinition ? FeatureOf(reference) : null;
                if (to is not null && to != from && !notFeatures.Contains(to))
                {
                    graph.Edges.TryAdd((from, to), $"{type.FullName} ({where}) → {reference.FullName}");
                }
            }
        }

        return graph;
    }

    /// <summary>One walk round the component (the shortest back to its first feature), each step with an example reference.</summary>
    public string Describe(IReadOnlyList<string> component)
    {
        var members = component.ToHashSet();
        var start = component[0];
        var cameFrom = new Dictionary<string, string>();
        var queue = new Queue<string>([start]);
        while (queue.Count > 0 && !cameFrom.ContainsKey(start))
        {
            var v = queue.Dequeue();
            foreach (var (from, to) in Edges.Keys.Where(e => e.From == v && members.Contains(e.To)))
            {
                if (cameFrom.TryAdd(to, from))
                {
                    queue.Enqueue(to);
                }
            }
        }

        var walk = new List<string> { start };
        for (var v = cameFrom[start]; v != start; v = cameFrom[v])
        {
            walk.Insert(1, v);
        }

        return string.Join(" → ", walk.Append(start)) + "\n" + string.Join("\n", walk.Select((f, i) => "  " + Edges[(f, walk[(i + 1) % walk.Count])]));
    }

    /// <summary>Calls of StockBalance's stock rules, ledger rows added to a context, and SQL inserting into the ledger, outside the allowed types.</summary>
    public static List<string> LedgerWritesOutside(string assemblyPath, params string[] allowed)
    {
        var found = new List<string>();
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        foreach (var type in module.GetTypes())
        {
            var outer = type;
            while (outer.DeclaringType is not null)
            {
                outer = outer.DeclaringType;
            }

            if (allowed.Contains(outer.FullName))
            {
                continue;
            }

            foreach (var method in type.Methods.Where(m => m.HasBody))
            {
                foreach (var instruction in method.Body.Instructions)
                {
                    var what = instruction.Operand switch
                    {
                        MethodReference m when m.DeclaringType.FullName == "Wms.Server.Inventory.StockBalance" && m.Name is "Add" or "RemoveUnreserved" or "PickReserved" => "calls StockBalance." + m.Name,
                        GenericInstanceMethod g when g.Name is "Add" or "AddRange" or "Attach" && g.GenericArguments.Any(a => a.FullName == "Wms.Server.Inventory.LedgerEntry") => "adds a LedgerEntry",
                        MethodReference m when m.Name is "Add" or "AddRange" && m.DeclaringType is GenericInstanceType d && d.GenericArguments.Any(a => a.FullName == "Wms.Server.Inventory.LedgerEntry") => "adds a LedgerEntry",
                        string text when text.Contains("INTO ledger", StringComparison.OrdinalIgnoreCase) => "writes ledger SQL",
                        _ => null,
                    };
                    if (what is not null)
                    {
                        found.Add($"{type.FullName}.{method.Name} {what}");
                    }
                }
            }
        }

        return found;
    }

    /// <summary>Strongly connected components of more than one feature (Tarjan): every feature in one reaches every other.</summary>
    public static List<IReadOnlyList<string>> Cycles(IEnumerable<(string From, string To)> edges)
    {
        var next = new Dictionary<string, List<string>>();
        foreach (var (from, to) in edges)
        {
            (next.TryGetValue(from, out var list) ? list : next[from] = []).Add(to);
            next.TryAdd(to, []);
        }

        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var result = new List<IReadOnlyList<string>>();

        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            foreach (var w in next[v])
            {
                if (!index.TryGetValue(w, out var wIndex))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (stack.Contains(w))
                {
                    low[v] = Math.Min(low[v], wIndex);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    component.Add(w);
                }
                while (w != v);

                if (component.Count > 1)
                {
                    component.Reverse();
                    result.Add(component);
                }
            }
        }

        foreach (var v in next.Keys.Order(StringComparer.Ordinal).ToList())
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return result;
    }

    /// <summary>"Picking" for Wms.Server.Picking and its nested and compiler-generated types; null outside Wms.Server.X.</summary>
    private static string? FeatureOf(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        var parts = type.Namespace.Split('.');
        return parts.Length >= 3 && parts[0] == "Wms" && parts[1] == "Server" ? parts[2] : null;
    }

    private static IEnumerable<(TypeReference Type, string Where)> References(TypeDefinition type)
    {
        IEnumerable<(TypeReference, string)> Of(TypeReference? t, string where) => Unwrap(t).Select(u => (u, where));

        foreach (var r in Of(type.BaseType, "base type")) yield return r;
        foreach (var i in type.Interfaces) foreach (var r in Of(i.InterfaceType, "interface")) yield return r;
        foreach (var r in Attributes(type.CustomAttributes, "attribute")) yield return r;
        foreach (var g in type.GenericParameters) foreach (var c in g.Constraints) foreach (var r in Of(c.ConstraintType, "constraint")) yield return r;

        foreach (var field in type.Fields)
        {
            foreach (var r in Of(field.FieldType, "field " + field.Name)) yield return r;
            foreach (var r in Attributes(field.CustomAttributes, "field " + field.Name)) yield return r;
        }

        foreach (var property in type.Properties)
        {
            foreach (var r in Of(property.PropertyType, "property " + property.Name)) yield return r;
            foreach (var r in Attributes(property.CustomAttributes, "property " + property.Name)) yield return r;
        }

        foreach (var e in type.Events) foreach (var r in Of(e.EventType, "event " + e.Name)) yield return r;

        foreach (var method in type.Methods)
        {
            var where = "method " + method.Name;
            foreach (var r in Of(method.ReturnType, where)) yield return r;
            foreach (var p in method.Parameters) foreach (var r in Of(p.ParameterType, where)) yield return r;
            foreach (var r in Attributes(method.CustomAttributes, where)) yield return r;
            if (!method.HasBody)
            {
                continue;
            }

            foreach (var v in method.Body.Variables) foreach (var r in Of(v.VariableType, where)) yield return r;
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t:
                        foreach (var r in Of(t, where)) yield return r;
                        break;
                    case MethodReference m:
                        foreach (var r in Of(m.DeclaringType, where)) yield return r;
                        foreach (var r in Of(m.ReturnType, where)) yield return r;
                        foreach (var p in m.Parameters) foreach (var r in Of(p.ParameterType, where)) yield return r;
                        if (m is GenericInstanceMethod gm)
                        {
                            foreach (var a in gm.GenericArguments) foreach (var r in Of(a, where)) yield return r;
                        }

                        break;
                    case FieldReference f:
                        foreach (var r in Of(f.DeclaringType, where)) yield return r;
                        foreach (var r in Of(f.FieldType, where)) yield return r;
                        break;
                }
            }
        }
    }

    private static IEnumerable<(TypeReference, string)> Attributes(IEnumerable<CustomAttribute> attributes, string where)
    {
        foreach (var a in attributes)
        {
            foreach (var t in Unwrap(a.AttributeType)) yield return (t, where);
            foreach (var arg in a.ConstructorArguments.Concat(a.Properties.Select(p => p.Argument)).Concat(a.Fields.Select(p => p.Argument)))
            {
                if (arg.Value is TypeReference t2)
                {
                    foreach (var t in Unwrap(t2)) yield return (t, where);
                }
            }
        }
    }

    /// <summary>The named types inside arrays, pointers, by-refs, generic instances and function pointers.</summary>
    private static IEnumerable<TypeReference> Unwrap(TypeReference? type)
    {
        switch (type)
        {
            case null or GenericParameter:
                yield break;
            case GenericInstanceType g:
                foreach (var t in Unwrap(g.ElementType)) yield return t;
                foreach (var a in g.GenericArguments) foreach (var t in Unwrap(a)) yield return t;
                break;
            case FunctionPointerType fp:
                foreach (var t in Unwrap(fp.ReturnType)) yield return t;
                foreach (var p in fp.Parameters) foreach (var t in Unwrap(p.ParameterType)) yield return t;
                break;
            case TypeSpecification spec:
                foreach (var t in Unwrap(spec.ElementType)) yield return t;
                break;
            default:
                yield return type;
                break;
        }
    }
}
