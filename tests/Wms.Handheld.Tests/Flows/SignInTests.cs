using Wms.Handheld.Device;
using Wms.Server.Security;
using Wms.Handheld.Tests.Support;
using Wms.Server.Tests;
using Xunit;

namespace Wms.Handheld.Tests.Flows;

public sealed class SignInTests(WmsServerFactory server) : IClassFixture<WmsServerFactory>
{
    [Fact]
    public async Task SignIn_GoodToken_RemembersServerTokenAndWarehouse()
    {
        var (floor, picker, _, device) = await HandheldFixture.StartAsync(server, signIn: false);
        await using var _ = device;

        await device.SignInAsync(picker, floor.Warehouse);

        var settings = DeviceSettings.Load(device.DataDirectory);
        Assert.Equal(("http://localhost/", picker), (settings.ServerAddress, settings.Token));
        Assert.Equal(floor.Warehouse, settings.Warehouse);
        Assert.True(device.Screen.Shows("MENU  " + settings.Warehouse) && device.Screen.Status.Contains("ONLINE", StringComparison.Ordinal), device.Screen.Text);
    }

    [Fact]
    public async Task SignIn_RefusedToken_SaysSoAndAsksAgain()
    {
        var (_, _, _, device) = await HandheldFixture.StartAsync(server, signIn: false);
        await using var _ = device;
        await device.StartedAsync();

        var screen = await device.SendAsync("http://localhost/", "not-a-token");

        Assert.Equal(("Token refused by the server: check it and sign in again.", true), (screen.Message, screen.Bell));
        Assert.StartsWith("Server [", screen.Prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_ServerUnreachable_NamesTheAddress()
    {
        var (_, picker, cable, device) = await HandheldFixture.StartAsync(server, signIn: false);
        await using var _ = device;
        await device.StartedAsync();
        cable.Mode = Cable.State.Cut;

        var screen = await device.SendAsync("localhost", picker);

        Assert.Equal("Cannot reach http://localhost: check the address and Wi-Fi.", screen.Message);
    }

    [Fact]
    public async Task SignIn_UnknownWarehouseThenMenuEntry_SpecificMessages()
    {
        var (_, picker, _, device) = await HandheldFixture.StartAsync(server, signIn: false);
        await using var _ = device;
        await device.StartedAsync();

        var warehouse = await device.SendAsync("http://localhost/", picker, "NOPE");
        Assert.Equal("No warehouse 'NOPE'.", warehouse.Message);
        var menu = await device.SendAsync("1");
        Assert.True(menu.Shows("1 Pick"), menu.Text);
        Assert.Equal("No menu entry '9'.", (await device.SendAsync("9")).Message);
        Assert.True((await device.SendAsync("0")).Shows("Signed out."), device.Screen.Text);
    }

    [Fact]
    public async Task SignIn_RefusedTokenThenEnter_KeepsTheAddressTyped()
    {
        var (floor, picker, _, device) = await HandheldFixture.StartAsync(server, signIn: false);
        await using var _ = device;
        await device.StartedAsync();

        var refused = await device.SendAsync("127.0.0.1:5055", "badtoken");
        Assert.Equal("Server [http://127.0.0.1:5055]", refused.Prompt);
        Assert.Equal("Token", (await device.SendAsync("")).Prompt);
        await device.SendAsync(picker, floor.Warehouse);

        Assert.Equal("http://127.0.0.1:5055", DeviceSettings.Load(device.DataDirectory).ServerAddress);
        Assert.True(device.Screen.Shows("1 Pick"), device.Screen.Text);
    }

    [Fact]
    public async Task SignOut_ThenEnterEnter_TokenForgottenAndTheStatusLineNamedThePicker()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server, signIn: false);
        await using var _ = device;
        var name = "ada-" + Floor.Id()[..4];
        var token = server.RegisterToken(name, Role.Picker);
        await device.StartedAsync();

        var menu = await device.SignInAsync(token, floor.Warehouse);
        Assert.Equal($"{floor.Warehouse}  {name}  ONLINE", menu.Status);
        var signedOut = await device.SendAsync("0");
        Assert.Equal("not signed in", signedOut.Status);
        Assert.Equal("", DeviceSettings.Load(device.DataDirectory).Token);
        Assert.Equal("Token", (await device.SendAsync("")).Prompt);
        var again = await device.SendAsync("");

        Assert.Equal("A token is needed to sign in.", again.Message);
        Assert.StartsWith("Server [", again.Prompt, StringComparison.Ordinal);
    }
}
