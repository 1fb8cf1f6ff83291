#!/opt/s3/bin/python
"""Creates the media bucket on the S3-compatible server (idempotent), private, with
versioning on and the lifecycle rules of /etc/s3-lifecycle.json (see docs/deploy.md).

    s3-createbucket BUCKET        (endpoint: S3_ENDPOINT_URL)
"""

import json
import os
import sys
import time

import boto3
from botocore.exceptions import ClientError, EndpointConnectionError


def main(bucket: str) -> None:
    s3 = boto3.client(
        "s3",
        endpoint_url=os.environ["S3_ENDPOINT_URL"],
        region_name=os.environ.get("AWS_S3_REGION_NAME", "us-east-1"),
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "careercopilot"),
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "careercopilot"),
    )
    for _ in range(60):
        try:
            s3.list_buckets()
            break
        except EndpointConnectionError:
            time.sleep(0.5)
    try:
        s3.create_bucket(Bucket=bucket)
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "BucketAlreadyOwnedByYou":
            raise
    s3.put_public_access_block(
        Bucket=bucket,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    with open("/etc/s3-lifecycle.json") as rules:
        s3.put_bucket_lifecycle_configuration(
            Bucket=bucket, LifecycleConfiguration=json.load(rules)
        )
    print(f"bucket {bucket}: private, versioned, lifecycle rules set")


if __name__ == "__main__":
    main(sys.argv[1])
