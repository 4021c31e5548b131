using VaultDemo.ReaderWorker.Reading;
using VaultDemo.ReaderWorker.Reconciliation;

namespace VaultDemo.ReaderWorker;

internal static class ReaderRegistration
{
    public static WebApplicationBuilder AddReader(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReconciliationOptions>().Bind(builder.Configuration.GetSection(ReconciliationOptions.SectionName));
        builder.Services.AddSingleton<ReadJournal>();
        builder.Services.AddSingleton<SecretVersionReader>();
        builder.Services.AddHostedService<Reconciler>();
        return builder;
    }
}
