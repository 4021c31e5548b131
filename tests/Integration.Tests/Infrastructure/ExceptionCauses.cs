namespace VaultDemo.Integration.Tests.Infrastructure;

/// <summary>An exception and everything it wraps, however the testing builder nested what Program.cs threw.</summary>
public static class ExceptionCauses
{
    public static IEnumerable<Exception> Of(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Of))
                {
                    yield return inner;
                }
            }
        }
    }
}
