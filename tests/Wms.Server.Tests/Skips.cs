using Xunit;

namespace Wms.Server.Tests;

/// <summary>
/// A test whose peer is missing skips and says why, or fails under CI=true, where every peer must be there.
/// The reason also goes out as a diagnostic message (xunit.runner.json turns them on): plain `dotnet test`
/// prints those, while it prints a skip's own reason only at detailed verbosity.
/// </summary>
public static class Skips
{
    public static void Because(string reason)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("CI=true: a missing peer fails the run. " + reason);
        }

        var test = TestContext.Current.TestMethod;
        TestContext.Current.SendDiagnosticMessage($"skipped {test?.TestClass.TestClassSimpleName}.{test?.MethodName}: {reason}");
        Assert.Skip(reason);
    }
}
