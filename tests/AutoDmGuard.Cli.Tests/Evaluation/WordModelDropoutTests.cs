using AutoDmGuard.Cli.Evaluation;

namespace AutoDmGuard.Cli.Tests.Evaluation;

/// <summary>
/// The weight fit also sees every training DM without the word model's value (issue 10, second round), so the rules
/// and the timing keep the weight they need where the word model is silent (a language it never learned).
/// </summary>
public class WordModelDropoutTests
{
    private const int Rule = 0;
    private const int Words = 1;

    [Fact]
    public void Fitting_rows_hold_each_dm_as_it_is_and_again_without_the_word_model_at_a_quarter_weight()
    {
        LogisticFit.Row[] rows = [new([Rule, Words], [1, 2.5], true), new([Words], [-1], false), new([Rule], [1], false)];

        var fitting = ModelTrainer.Fitting(rows, Words);

        Assert.Equal(rows, fitting.Take(3));
        Assert.Equal(6, fitting.Count);
        Assert.All(fitting.Skip(3), r => Assert.DoesNotContain(Words, r.Features));
        Assert.All(fitting.Skip(3), r => Assert.Equal(ModelTrainer.WithoutWordsWeight, r.Weight));
        Assert.Equal([Rule], fitting[3].Features);
        Assert.Equal([1.0], fitting[3].Values);
        Assert.Empty(fitting[4].Features);
    }

    [Fact]
    public void A_row_of_weight_two_fits_like_the_same_row_twice()
    {
        LogisticFit.Row[] once = [new([Rule], [1], true, 2), new([Rule], [1], false), new([], [], false), new([], [], true)];
        LogisticFit.Row[] twice = [new([Rule], [1], true), new([Rule], [1], true), new([Rule], [1], false), new([], [], false), new([], [], true)];

        var (b1, w1) = LogisticFit.Fit(once, 0, [0.0, 0.0], 0.5);
        var (b2, w2) = LogisticFit.Fit(twice, 0, [0.0, 0.0], 0.5);

        Assert.Equal(b2, b1, 9);
        Assert.Equal(w2[Rule], w1[Rule], 9);
        Assert.True(w1[Rule] > 0, $"weight {w1[Rule]}");
    }

    [Fact]
    public void Without_the_word_model_copies_a_rule_the_word_model_overlaps_keeps_more_weight()
    {
        // Every auto DM fires the rule and reads as auto to the word model; some personal DMs fire the rule too.
        var rows = new List<LogisticFit.Row>();
        for (var i = 0; i < 40; i++)
        {
            rows.Add(new([Rule, Words], [1, 3], true));
            rows.Add(new([Words], [-2], false));
            if (i % 4 == 0)
            {
                rows.Add(new([Rule, Words], [1, -1], false));
            }
        }

        var (_, plain) = LogisticFit.Fit(rows, 0, [0.0, 0.0], 0.5);
        var (_, withCopies) = LogisticFit.Fit(ModelTrainer.Fitting(rows, Words), 0, [0.0, 0.0], 0.5);

        Assert.True(withCopies[Rule] > plain[Rule] + 0.5, $"rule weight {plain[Rule]:0.00} -> {withCopies[Rule]:0.00}");
    }
}
