using Wms.Server.Bench;

// Benchmarks of the warehouse server through its real gRPC stack (docs/benchmarks.md):
//   pick  — durable pick confirmations by concurrent pickers (the default)
//   stock — layout import of tens of thousands of bins, SKU import, and stock queries on that warehouse
var settings = Settings.Parse(args);
return settings.Mode == "stock" ? await StockQueryBench.RunAsync(settings) : await PickConfirmBench.RunAsync(settings);
