namespace VaultDemo.ReaderWorker.Reading;

/// <summary>A welcome message queued for a registered user. Only the masked address is kept: proof of decryption, not a copy of it.</summary>
internal sealed record WelcomeMessage(string UserId, string RecipientMasked)
{
    public static WelcomeMessage For(string userId, string email)
    {
        var at = email.LastIndexOf('@');
        var masked = at > 0 ? $"{email[0]}***{email[at..]}" : "***";
        return new WelcomeMessage(userId, masked);
    }
}
