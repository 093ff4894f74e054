namespace Wms.Routing.PickPaths.Internal;

/// <summary>One way to continue to the next aisle: state reached, edges used, copies per cross aisle (base 3).</summary>
internal readonly record struct AcrossChoice(int Next, int EdgeCount, int Code);
