namespace Wms.Routing.PickPaths;

/// <summary>The two end cross aisles, where a depot can stand.</summary>
public enum CrossAisleSide
{
    Front,
    Back,
}
