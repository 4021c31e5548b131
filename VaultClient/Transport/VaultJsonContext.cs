using System.Text.Json;
using System.Text.Json.Serialization;
using VaultDemo.VaultClient.Admin;
using VaultDemo.VaultClient.Auth;
using VaultDemo.VaultClient.Database;
using VaultDemo.VaultClient.Leases;
using VaultDemo.VaultClient.KeyValue;
using VaultDemo.VaultClient.Sys;
using VaultDemo.VaultClient.Transit;

namespace VaultDemo.VaultClient.Transport;

/// <summary>Source-generated (reflection-free) serialization for every shape VaultClient exchanges with Vault.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(VaultErrorResponse))]
[JsonSerializable(typeof(VaultResponse<VaultNoData>))]
[JsonSerializable(typeof(VaultResponse<VaultKeyList>))]
[JsonSerializable(typeof(VaultResponse<VaultTokenLookup>))]
[JsonSerializable(typeof(VaultResponse<VaultWrappingLookup>))]
[JsonSerializable(typeof(VaultResponse<Dictionary<string, JsonElement>>))]
[JsonSerializable(typeof(VaultResponse<KvVersionMetadata>))]
[JsonSerializable(typeof(VaultResponse<KvMetadata>))]
[JsonSerializable(typeof(VaultResponse<TransitResponseData>))]
[JsonSerializable(typeof(VaultResponse<DatabaseCredentialsData>))]
[JsonSerializable(typeof(VaultResponse<VaultLeaseLookup>))]
[JsonSerializable(typeof(VaultResponse<Dictionary<string, VaultMountInfo>>))]
[JsonSerializable(typeof(VaultResponse<Dictionary<string, VaultAuditDevice>>))]
[JsonSerializable(typeof(VaultResponse<PolicyData>))]
[JsonSerializable(typeof(VaultResponse<RoleIdData>))]
[JsonSerializable(typeof(VaultResponse<AppRoleSecretId>))]
[JsonSerializable(typeof(VaultHealth))]
[JsonSerializable(typeof(KvVersionMetadata))]
[JsonSerializable(typeof(KvMetadataUpdate))]
[JsonSerializable(typeof(KvVersionsRequest))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(TransitRequest))]
[JsonSerializable(typeof(AppRoleLoginRequest))]
[JsonSerializable(typeof(TokenRenewRequest))]
[JsonSerializable(typeof(TokenCreateRequest))]
[JsonSerializable(typeof(WrappingTokenRequest))]
[JsonSerializable(typeof(LeaseRequest))]
[JsonSerializable(typeof(MountRequest))]
[JsonSerializable(typeof(MountConfig))]
[JsonSerializable(typeof(PolicyRequest))]
[JsonSerializable(typeof(AppRoleDefinition))]
[JsonSerializable(typeof(SecretIdRequest))]
[JsonSerializable(typeof(DatabaseConnectionDefinition))]
[JsonSerializable(typeof(DatabaseRoleDefinition))]
[JsonSerializable(typeof(RabbitMqConnectionDefinition))]
[JsonSerializable(typeof(RabbitMqRoleDefinition))]
[JsonSerializable(typeof(RabbitMqLeaseDefinition))]
[JsonSerializable(typeof(TransitKeyRequest))]
[JsonSerializable(typeof(AuditDeviceRequest))]
internal sealed partial class VaultJsonContext : JsonSerializerContext;
