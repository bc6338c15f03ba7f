/// An operation of an AWS API, by its wire name (the `X-Amz-Target` suffix, the STS `Action`, the
/// name in the call counts and the IAM action).
public protocol ServiceOperation: RawRepresentable, Hashable, Sendable, CaseIterable where RawValue == String {}
