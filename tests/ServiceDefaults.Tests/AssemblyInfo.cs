// ActivityListeners and meter listeners are process-wide: a service started by one test would also export the spans
// and metrics another test's service makes. One test at a time keeps every receiver to its own service.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
