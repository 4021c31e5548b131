using System.Buffers;
using System.Text.Json;

namespace VaultDemo.WriterService.Http;

/// <summary>
/// Reads a request body as a JSON object, up to a size limit, so every way a body can be wrong (too large, not
/// JSON, not an object) becomes a validation error on the field <c>body</c> instead of an exception or a 413.
/// </summary>
internal static class JsonBody
{
    public static async Task<(JsonDocument? Document, ValidationErrors Errors)> ReadObjectAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!request.HasJsonContentType())
        {
            errors.Add("body", "The body must be JSON (Content-Type: application/json).");
            return (null, errors);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        try
        {
            var length = 0;
            int read;
            while (length <= maxBytes && (read = await request.Body.ReadAsync(buffer.AsMemory(length, maxBytes + 1 - length), cancellationToken)) > 0)
            {
                length += read;
            }

            if (length > maxBytes)
            {
                errors.Add("body", $"The body exceeds {maxBytes} bytes.");
                return (null, errors);
            }

            // The document keeps referencing its input, so it gets a copy; the pooled buffer is wiped on return.
            var document = JsonDocument.Parse(buffer.AsMemory(0, length).ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                errors.Add("body", "The body must be a JSON object.");
                return (null, errors);
            }

            return (document, errors);
        }
        catch (JsonException e)
        {
            // The parser's message names the position, never the content.
            errors.Add("body", $"The body is not valid JSON: {e.Message}");
            return (null, errors);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }
}
