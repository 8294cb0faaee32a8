using AutoDmGuard.Core.Tests.Builders;

namespace AutoDmGuard.Core.Tests;

public class ClassifierModelTests
{
    [Fact]
    public void The_default_model_weighs_every_feature_and_round_trips_through_json()
    {
        var model = ClassifierModel.Default;

        Assert.All(ModelFeatures.Fitted, f => Assert.True(model.Weights.ContainsKey(f), f));
        Assert.False(model.Text.IsEmpty);
        var again = ClassifierModel.FromJson(model.ToJson(), model.Text.ToJson());
        Assert.Equal(model.Version, again.Version);
    }

    [Fact]
    public void A_model_missing_a_feature_is_refused()
    {
        var weights = ModelFeatures.Priors.Where(kv => kv.Key != "first-contact").ToDictionary();

        var ex = Assert.Throws<ArgumentException>(() => new ClassifierModel(-2, weights, 0.5));
        Assert.Contains("first-contact", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_reason_is_the_models_weight_times_the_features_value()
    {
        var weights = ModelFeatures.Priors.ToDictionary();
        weights["thanks-for-follow-opener"] = 2.5;
        weights["first-contact"] = 0.25;
        var model = new ClassifierModel(-3, weights, 0.7);
        var inbox = new InboxBuilder().Sender("7001");
        var id = inbox.From("7001", "thanks for the follow, see you around the forum", InboxBuilder.T0);

        var v = new InboxClassifier(new TemplateIndex(), new ClassifierOptions { Model = model }).Classify(inbox.Messages, inbox.Profiles, inbox.Context).Messages.Single(m => m.EventId == id);

        Assert.Equal(2.5, v.Reasons.Single(r => r.Signal == "thanks-for-follow-opener").Weight, 6);
        Assert.Equal(0.25, v.Reasons.Single(r => r.Signal == "first-contact").Weight, 6);
        Assert.Equal(InboxScoring.Sigmoid(-3 + v.Reasons.Sum(r => r.Weight)), v.Score, 9);
        Assert.Equal(0.7, new ClassifierOptions { Model = model }.FlagThreshold);
    }

    [Fact]
    public void Changing_a_weight_changes_the_version()
    {
        var weights = ModelFeatures.Priors.ToDictionary();
        var a = new ClassifierModel(-3, weights, 0.7);
        weights["emoji-run"] += 0.01;

        Assert.NotEqual(a.Version, new ClassifierModel(-3, weights, 0.7).Version);
    }
}
