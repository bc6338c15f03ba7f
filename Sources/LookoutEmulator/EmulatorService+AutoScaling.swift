import Foundation
import ServiceVocabulary

/// Application Auto Scaling's `DescribeScalableTargets` (JSON 1.1, `X-Amz-Target:
/// AnyScaleFrontendService.<Operation>`, SigV4 for `application-autoscaling`): one scalable
/// target per fleet component with `autoscaling_min`, in the `sagemaker` namespace.
extension EmulatorService {
    static let autoScalingTargetPrefix = "AnyScaleFrontendService."
    static let copyCountDimension = "sagemaker:inference-component:DesiredCopyCount"

    /// Runs an Application Auto Scaling operation.
    func operateAutoScaling(_ route: Route, request: EmulatorRequest, place: Place, at t: Double) -> (Int, [UInt8]) {
        guard request.httpMethod == .post, request.header("content-type") == "application/x-amz-json-1.1" else {
            return fail(400, "SerializationException", "Application Auto Scaling takes POST / with Content-Type application/x-amz-json-1.1")
        }
        guard let body = (try? JSONSerialization.jsonObject(with: Data(request.body.isEmpty ? Array("{}".utf8) : request.body))) as? [String: Any] else {
            return fail(400, "SerializationException", "The request body is not a JSON object")
        }
        guard route.operation == SageMakerOperation.describeScalableTargets.rawValue else {
            return fail(400, "UnknownOperationException", "Unknown operation \(route.operation)")
        }
        let namespaces = ["ecs", "elasticmapreduce", "ec2", "appstream", "dynamodb", "rds", "sagemaker", "custom-resource",
                          "comprehend", "lambda", "cassandra", "kafka", "elasticache", "neptune", "workspaces"]
        guard let namespace = body["ServiceNamespace"] as? String, namespaces.contains(namespace) else {
            return fail(400, "ValidationException", "1 validation error detected: Value at 'serviceNamespace' failed to satisfy constraint: Member must satisfy enum value set")
        }
        var limit = 50
        if let m = body["MaxResults"] {
            guard let n = m as? Int, (1...50).contains(n) else {
                return fail(400, "ValidationException", "MaxResults must be between 1 and 50")
            }
            limit = min(n, configuration.pageSize)
        }
        var offset = 0
        if let token = body["NextToken"] {
            guard let text = token as? String, let o = EmulatorService.decodeToken(text) else {
                return fail(400, "InvalidNextTokenException", "Invalid NextToken")
            }
            offset = o
        }
        let dimension = body["ScalableDimension"] as? String
        let ids = body["ResourceIds"] as? [String]
        let targets: [[String: Any]] = namespace != "sagemaker" || (dimension != nil && dimension != EmulatorService.copyCountDimension) ? [] :
            state.withLockedValue { s in
                (s.sageMaker[place]?.components ?? [:]).sorted { $0.key < $1.key }.compactMap { name, c in
                    guard let min = c.autoscalingMin else { return nil }
                    let id = "inference-component/\(name)"
                    if let ids, !ids.contains(id) { return nil }
                    return ["ServiceNamespace": "sagemaker", "ResourceId": id, "ScalableDimension": EmulatorService.copyCountDimension,
                            "MinCapacity": min, "MaxCapacity": max(min, 4), "CreationTime": 1.7e9,
                            "RoleARN": "arn:aws:iam::\(place.account):role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint"]
                }
            }
        let page = Array(targets.dropFirst(offset).prefix(limit))
        var out: [String: Any] = ["ScalableTargets": page]
        if offset + page.count < targets.count { out["NextToken"] = EmulatorService.encodeToken(offset + page.count) }
        return (200, json(out))
    }
}
