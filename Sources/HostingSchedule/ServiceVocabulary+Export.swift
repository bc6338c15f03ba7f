// The service kinds live in ServiceVocabulary; every user of the schedule sees them.
@_exported import ServiceVocabulary
