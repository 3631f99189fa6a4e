using System.Reflection;
using CsatFunctions.PersonalData;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.PersonalData;

/// <summary>
/// Every store says how erasure reaches what it keeps of people, and the pipeline as built keeps that
/// promise: a new table that does neither, or says so and is not wired to its erasure, fails here.
/// </summary>
public sealed class PersonalDataContractTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    private static readonly Type[] Stores = [.. typeof(IProvisioned).Assembly.GetTypes()
        .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IProvisioned).IsAssignableFrom(type))
        .OrderBy(type => type.FullName, StringComparer.Ordinal)];

    [Fact]
    public void Every_store_is_a_surveys_copy_or_says_how_it_is_erased()
    {
        Assert.True(Stores.Length >= 20, $"Found only {Stores.Length} stores.");
        var undeclared = Stores.Where(store => IsSurveyCopy(store) == (Declared(store) is not null)).Select(store => store.Name).ToList();
        Assert.True(undeclared.Count == 0, $"Neither a survey's copy (IHoldsSurveyPersonalData) nor [PersonalData], or both: {string.Join(", ", undeclared)}");
        Assert.All(Stores.Select(Declared).OfType<PersonalDataAttribute>(), declared => Assert.False(string.IsNullOrWhiteSpace(declared.Why)));
    }

    [Fact]
    public void Each_store_is_wired_to_the_erasure_it_names()
    {
        var copies = Host.Services.GetServices<IHoldsSurveyPersonalData>().Select(copy => copy.GetType()).ToHashSet();
        Assert.All(Stores.Where(IsSurveyCopy), store => Assert.Contains(store, copies));

        var surveyErasure = Taken(typeof(SurveyErasure));
        var customerErasure = Taken(typeof(CustomerErasure));
        Assert.All(Stores.Where(store => Declared(store)?.Erasure == PersonalDataErasure.WithTheSurvey), store => Assert.Contains(store, surveyErasure));
        Assert.All(Stores.Where(store => Declared(store)?.Erasure == PersonalDataErasure.WithTheCustomer), store => Assert.Contains(store, customerErasure));
    }

    private static bool IsSurveyCopy(Type store) => typeof(IHoldsSurveyPersonalData).IsAssignableFrom(store);

    private static PersonalDataAttribute? Declared(Type store) =>
        (store.IsGenericType ? store.GetGenericTypeDefinition() : store).GetCustomAttribute<PersonalDataAttribute>();

    private static HashSet<Type> Taken(Type erasure) =>
        [.. erasure.GetConstructors().Single().GetParameters().Select(parameter => parameter.ParameterType)];
}
