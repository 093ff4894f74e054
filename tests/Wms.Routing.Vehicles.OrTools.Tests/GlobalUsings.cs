global using Wms.Routing.Vehicles.Tests;
global using Xunit;
