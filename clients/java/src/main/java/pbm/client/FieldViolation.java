package pbm.client;

/**
 * One bad field of a request ({@code google.rpc.BadRequest.FieldViolation}).
 *
 * @param field the request field path, e.g. {@code user.mail}
 * @param description what is wrong, for humans
 * @param reason {@code REQUIRED} or {@code INVALID}
 */
public record FieldViolation(String field, String description, String reason) {}
