using System.Net.Mail;
using System.Text.Json;
using VaultDemo.WriterService.Http;

namespace VaultDemo.WriterService.Users;

/// <summary>The body of <c>POST /api/users</c>. The email is encrypted by transit; the api secret goes to Vault KV.</summary>
public sealed record RegisterUserRequest(string Id, string Name, string Email, string ApiSecret)
{
    public const int MaxBodyBytes = 16 * 1024;
    private const int MaxIdLength = 64;
    private const int MaxNameLength = 200;
    private const int MaxEmailLength = 254;
    private const int MinApiSecretLength = 16;
    private const int MaxApiSecretLength = 4096;

    internal static RegisterUserRequest? Parse(JsonElement body, ValidationErrors errors)
    {
        foreach (var property in body.EnumerateObject())
        {
            if (property.Name is not ("id" or "name" or "email" or "apiSecret"))
            {
                errors.Add("body", "Only the properties 'id', 'name', 'email' and 'apiSecret' are allowed.");
                break;
            }
        }

        var id = String(body, "id", errors);
        if (id is not null && !TextRules.IsSafeName(id, MaxIdLength))
        {
            errors.Add("id", $"'id' must be 1 to {MaxIdLength} of the characters A-Z a-z 0-9 . _ -.");
        }

        var name = String(body, "name", errors);
        if (name is not null && (name.Trim().Length == 0 || name.Length > MaxNameLength || TextRules.HasForbiddenControlCharacter(name) || name.Contains('\n')))
        {
            errors.Add("name", $"'name' must be 1 to {MaxNameLength} characters on one line.");
        }

        var email = String(body, "email", errors);
        if (email is not null && !IsEmail(email))
        {
            errors.Add("email", "'email' must be a single address such as ada@example.com.");
        }

        var apiSecret = String(body, "apiSecret", errors);
        if (apiSecret is not null && (apiSecret.Length is < MinApiSecretLength or > MaxApiSecretLength || TextRules.HasForbiddenControlCharacter(apiSecret)))
        {
            errors.Add("apiSecret", $"'apiSecret' must be {MinApiSecretLength} to {MaxApiSecretLength} characters without control characters.");
        }

        return errors.IsEmpty ? new RegisterUserRequest(id!, name!, email!, apiSecret!) : null;
    }

    private static string? String(JsonElement body, string name, ValidationErrors errors)
    {
        if (body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        errors.Add(name, $"'{name}' is required and must be a string.");
        return null;
    }

    private static bool IsEmail(string email) =>
        email.Length <= MaxEmailLength
        && !TextRules.HasForbiddenControlCharacter(email)
        && MailAddress.TryCreate(email, out var address)
        && address.Address == email
        && address.Host.Contains('.');
}
