// The error codes, HTTP methods and operation names live in ServiceVocabulary; every client sees them.
@_exported import ServiceVocabulary
