//! The generated protobuf types, tonic servers and clients of `pbm.v2`, and
//! the encoded descriptor set that server reflection serves.

#![allow(clippy::all, missing_docs, rustdoc::all)]

tonic::include_proto!("pbm.v2");

/// Encoded `FileDescriptorSet` of every file under `proto/`, for reflection.
pub const FILE_DESCRIPTOR_SET: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pbm_descriptor.bin"));
