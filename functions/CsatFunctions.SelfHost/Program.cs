using CsatFunctions.SelfHost;

return await SelfHostApp.RunAsync(args);
