using Microsoft.EntityFrameworkCore;
using Skinsight.Data.Encryption;

namespace Skinsight.Data;

public sealed partial class SkinsightStore
{
    private const int UpgradeBatchSize = 1000;

    /// <summary>
    /// Brings rows written by earlier versions up to the current protection. Handles stored in clear are
    /// replaced by their digests. Account names and emails, product history entries and check-in values that are
    /// still in clear are encrypted, and the lookup digests of accounts and product history entries are filled in. <see cref="StoreFactory"/> runs it at every open.
    /// </summary>
    /// <returns>The number of rows changed; 0 once every row is current.</returns>
    /// <remarks>
    /// It runs at open rather than as a separate command because sign-in looks accounts up by digest: an account
    /// left in clear could not sign in until someone ran the command. Each step only selects rows that are still
    /// in clear, so running it again, or in two processes at once, changes nothing that is already current.
    /// </remarks>
    internal async Task<int> ProtectClearRowsAsync(CancellationToken cancellationToken)
    {
        int changed = await ProtectHandlesAsync(cancellationToken);
        changed += await ProtectAccountsAsync(cancellationToken);
        changed += await ProtectExperiencesAsync(cancellationToken);
        changed += await ProtectCheckInValuesAsync(cancellationToken);
        return changed;
    }

    /// <summary>
    /// Replaces handles stored in clear by their digests. Earlier versions stored the handles of people created
    /// at sign-up in clear, unlike those of <see cref="GetOrCreatePersonAsync"/>.
    /// </summary>
    private async Task<int> ProtectHandlesAsync(CancellationToken cancellationToken)
    {
        const string digest = KeyRing.LookupDigestPrefix;
        await using var context = CreateContext();
        var people = await context.People.Where(p => !p.Handle.StartsWith(digest)).ToListAsync(cancellationToken);
        foreach (var person in people)
        {
            person.Handle = Keys.HandleDigest(person.Handle);
        }

        await SaveAsync(context, cancellationToken);
        return people.Count;
    }

    private async Task<int> ProtectAccountsAsync(CancellationToken cancellationToken)
    {
        const string digest = KeyRing.LookupDigestPrefix;
        const string encrypted = FieldCipher.TextPrefix;
        await using var context = CreateContext();
        var accounts = await context.Users
            .Where(a => (a.NormalizedUserName != null && !a.NormalizedUserName.StartsWith(digest))
                || (a.NormalizedEmail != null && !a.NormalizedEmail.StartsWith(digest))
                || (a.UserName != null && !a.UserName.StartsWith(encrypted))
                || (a.Email != null && !a.Email.StartsWith(encrypted)))
            .ToListAsync(cancellationToken);
        foreach (var account in accounts)
        {
            // Identity normalized with UpperInvariantLookupNormalizer, so the stored value is what it would
            // digest now.
            if (account.NormalizedUserName is { } name && !name.StartsWith(digest, StringComparison.Ordinal))
            {
                account.NormalizedUserName = Keys.LookupDigest(name);
            }

            if (account.NormalizedEmail is { } email && !email.StartsWith(digest, StringComparison.Ordinal))
            {
                account.NormalizedEmail = Keys.LookupDigest(email);
            }

            // Marking the row modified makes the interceptor encrypt the user name and email.
            context.Entry(account).State = EntityState.Modified;
        }

        try
        {
            await SaveAsync(context, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another process starting at the same time changed these accounts first, so they are current.
            return 0;
        }

        return accounts.Count;
    }

    private async Task<int> ProtectExperiencesAsync(CancellationToken cancellationToken)
    {
        await using var context = CreateContext();
        var records = await context.ProductExperiences.Where(e => e.EntryDigest == null).ToListAsync(cancellationToken);
        foreach (var record in records)
        {
            record.EntryDigest = ExperienceDigest(record.PersonId, record.ProductKey, record.Kind);
            context.Entry(record).State = EntityState.Modified;
        }

        await SaveAsync(context, cancellationToken);
        return records.Count;
    }

    private async Task<int> ProtectCheckInValuesAsync(CancellationToken cancellationToken)
    {
        const string encrypted = FieldCipher.TextPrefix;
        int changed = 0;
        long lastId = 0;
        while (true)
        {
            // Each batch starts after the last id seen, so the rows encrypted before are not scanned again.
            await using var context = CreateContext();
            var values = await context.CheckInValues
                .Where(v => v.Id > lastId && !v.StoredValue.StartsWith(encrypted))
                .OrderBy(v => v.Id)
                .Take(UpgradeBatchSize)
                .ToListAsync(cancellationToken);
            if (values.Count == 0)
            {
                return changed;
            }

            foreach (var value in values)
            {
                // Only the value column is written back, and the interceptor encrypts it.
                context.Entry(value).Property(v => v.StoredValue).IsModified = true;
            }

            lastId = values[^1].Id;

            await SaveAsync(context, cancellationToken);
            changed += values.Count;
        }
    }
}
