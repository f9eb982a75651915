using Skinsight.Core.History;

namespace Skinsight.Data.Tests;

public class ProductHistoryTests
{
    private const string Key = "sephora-2023:P7880";

    [Fact]
    public async Task RecordExperience_SameKindTwice_ReplacesNote()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();

        await temp.Store.RecordExperienceAsync(person.Id, Key, ExperienceKind.Reacted, "itching");
        await temp.Store.RecordExperienceAsync(person.Id, Key, ExperienceKind.Reacted, "redness");
        await temp.Store.RecordExperienceAsync(person.Id, Key, ExperienceKind.Owned, null);
        var entries = await temp.Store.ListExperiencesAsync(person.Id);

        Assert.Equal(2, entries.Count);
        Assert.Equal("redness", entries.Single(e => e.Kind == ExperienceKind.Reacted).Note);
        Assert.Contains(entries, e => e.Kind == ExperienceKind.Owned && e.Note is null);
        Assert.All(entries, e => Assert.Equal(TimeSpan.Zero, e.RecordedAt.Offset));
    }

    [Fact]
    public async Task RemoveExperience_OneKind_KeepsOthers()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        await temp.Store.RecordExperienceAsync(person.Id, Key, ExperienceKind.Owned, null);
        await temp.Store.RecordExperienceAsync(person.Id, Key, ExperienceKind.Liked, null);

        int removed = await temp.Store.RemoveExperienceAsync(person.Id, Key, ExperienceKind.Owned);
        var left = await temp.Store.ListExperiencesAsync(person.Id);
        int removedAll = await temp.Store.RemoveExperienceAsync(person.Id, Key, null);

        Assert.Equal(1, removed);
        Assert.Equal(ExperienceKind.Liked, Assert.Single(left).Kind);
        Assert.Equal(1, removedAll);
        Assert.Empty(await temp.Store.ListExperiencesAsync(person.Id));
    }

    [Fact]
    public async Task ListExperiences_OtherPerson_SeesNothing()
    {
        await using var temp = await TempStore.OpenAsync();
        var me = await temp.Store.GetOrCreateDefaultPersonAsync();
        var other = await temp.Store.GetOrCreatePersonAsync("other");
        await temp.Store.RecordExperienceAsync(me.Id, Key, ExperienceKind.Disliked, null);

        Assert.Empty(await temp.Store.ListExperiencesAsync(other.Id));
        Assert.Equal(0, await temp.Store.RemoveExperienceAsync(other.Id, Key, null));
        Assert.Single(await temp.Store.ListExperiencesAsync(me.Id));
    }

    [Fact]
    public async Task RecordExperience_UnknownPerson_ThrowsPersonNotFound()
    {
        await using var temp = await TempStore.OpenAsync();

        await Assert.ThrowsAsync<PersonNotFoundException>(
            () => temp.Store.RecordExperienceAsync(Guid.NewGuid(), Key, ExperienceKind.Owned, null));
    }

    [Fact]
    public async Task DeletePerson_RemovesTheirHistory()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        await temp.Store.RecordExperienceAsync(person.Id, Key, ExperienceKind.Owned, null);

        await temp.Store.DeletePersonAsync(person.Id);

        await using var context = temp.Store.CreateContext();
        Assert.Empty(context.ProductExperiences);
    }
}
