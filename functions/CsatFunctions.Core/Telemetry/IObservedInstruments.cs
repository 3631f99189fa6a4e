namespace CsatFunctions.Telemetry;

/// <summary>
/// Instruments that observe something when the exporter asks (a gauge read from storage, say): each
/// one registered as this is created with the host's meter provider, so the steps that own what is
/// observed need not be known here.
/// </summary>
public interface IObservedInstruments;
