using LogChat.Silo;

// A headless silo: back-end capacity without the gRPC front end. `LogChat.Silo migrate` only applies the schema.
return args is ["migrate", .. var rest]
    ? await MigrateCommand.RunAsync(rest)
    : await HeadlessSilo.RunAsync(args);
