namespace CsatFunctions.Storage;

/// <summary>How a store's share of people's data is erased.</summary>
public enum PersonalDataErasure
{
    /// <summary>It keeps nothing that names a person; <see cref="PersonalDataAttribute.Why"/> says what it keeps instead.</summary>
    NothingToErase,

    /// <summary>Survey erasure (<c>PersonalData/SurveyErasure</c>) takes it and erases the survey's part itself.</summary>
    WithTheSurvey,

    /// <summary>The customer's erasure (<c>DELETE /api/admin/customers/{email}</c>) takes it and erases it by address.</summary>
    WithTheCustomer,
}

/// <summary>
/// Says what a store keeps of people. Every store (every <see cref="IProvisioned"/>) either is a
/// survey's copy (it implements <c>Surveys.IHoldsSurveyPersonalData</c> and is registered as one)
/// or says this, so a new store cannot be missed by erasure: <c>PersonalDataContractTests</c> fails
/// for one that does neither.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PersonalDataAttribute(PersonalDataErasure erasure, string why) : Attribute
{
    public PersonalDataErasure Erasure { get; } = erasure;

    public string Why { get; } = why;
}
