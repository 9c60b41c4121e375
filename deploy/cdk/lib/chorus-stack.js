'use strict';
// One Chorus stage: fans -> CloudFront -> ALB -> ECS Fargate (the app container), with RDS PostgreSQL,
// ElastiCache Redis, an S3 bucket for takes and artwork, SES (configuration set -> SNS -> /mail/sns) and
// alarms. Every cdk-nag suppression below says why.
const cdk = require('aws-cdk-lib');
const { Duration, RemovalPolicy, SecretValue, Fn } = cdk;
const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');
const ecr = require('aws-cdk-lib/aws-ecr');
const elbv2 = require('aws-cdk-lib/aws-elasticloadbalancingv2');
const rds = require('aws-cdk-lib/aws-rds');
const elasticache = require('aws-cdk-lib/aws-elasticache');
const s3 = require('aws-cdk-lib/aws-s3');
const cloudfront = require('aws-cdk-lib/aws-cloudfront');
const origins = require('aws-cdk-lib/aws-cloudfront-origins');
const acm = require('aws-cdk-lib/aws-certificatemanager');
const ses = require('aws-cdk-lib/aws-ses');
const sns = require('aws-cdk-lib/aws-sns');
const subs = require('aws-cdk-lib/aws-sns-subscriptions');
const secrets = require('aws-cdk-lib/aws-secretsmanager');
const logs = require('aws-cdk-lib/aws-logs');
const iam = require('aws-cdk-lib/aws-iam');
const cloudwatch = require('aws-cdk-lib/aws-cloudwatch');
const actions = require('aws-cdk-lib/aws-cloudwatch-actions');

// cdk-nag 3 uses CDK's own acknowledgements: each entry is one rule (an IAM5 finding names what it applies to)
const ack = (construct, list) => { for (const a of list) cdk.Validations.of(construct).acknowledge(a); };

// Characters that would need escaping inside a postgresql:// or rediss:// URL are never generated.
const URL_UNSAFE = ' %+~`#$&*()|[]{}:;<>?!\'/@"\\=,^';

class ChorusStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const stage = props.stage;
    const prod = stage.name === 'production';
    const site = `https://${stage.domain}`;
    const retention = stage.logRetentionDays === 90 ? logs.RetentionDays.THREE_MONTHS : logs.RetentionDays.TWO_WEEKS;
    const removal = prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // --- logs bucket (ALB, CloudFront, S3 access logs) ---
    const logBucket = new s3.Bucket(this, 'Logs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED, // CloudFront standard logs need ACLs
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(stage.logRetentionDays) }],
      removalPolicy: removal,
    });
    ack(logBucket, [
      { id: 'AwsSolutions-S1', reason: 'This is the access-log bucket itself; logging it into itself would loop.' },
    ]);

    // --- network: public subnets for the ALB and NAT, private for tasks, isolated for the database and Redis ---
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: stage.natGateways,
      restrictDefaultSecurityGroup: false,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    });
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', { retention, removalPolicy: removal });
    vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs) });

    // --- media bucket: takes (presigned PUT from browsers), producer files, artwork ---
    const media = new s3.Bucket(this, 'Media', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: logBucket,
      serverAccessLogsPrefix: 'media-access/',
      cors: [{
        allowedMethods: [s3.HttpMethods.PUT],
        allowedOrigins: [site],
        allowedHeaders: ['Content-Type', 'Content-Length'],
        exposedHeaders: ['ETag'],
        maxAge: 3600,
      }],
      lifecycleRules: [
        // a browser that gave up mid-upload leaves parts nobody will complete
        { id: 'stale-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // overwritten or erased objects (fan erasure deletes; versioning keeps the old bytes) go after a week
        { id: 'old-versions', noncurrentVersionExpiration: Duration.days(7), expiredObjectDeleteMarker: true },
        // artwork is derived (a pure function of campaign, name and team): cheap storage once the spike is over
        { id: 'derived-artwork', prefix: 'artwork/', transitions: [{ storageClass: s3.StorageClass.INTELLIGENT_TIERING, transitionAfter: Duration.days(30) }] },
        // submixes are derived from the approved takes and re-made by the mix job when needed
        { id: 'derived-submixes', prefix: 'mix/', expiration: Duration.days(30) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // --- secrets ---
    const dbCredentials = rds.Credentials.fromGeneratedSecret('chorus', { excludeCharacters: URL_UNSAFE });
    const hmac = new secrets.Secret(this, 'HmacSecret', {
      description: 'CHORUS_SECRET: HMAC key for signed upload URLs and mail tokens, the same on every task',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    const redisToken = new secrets.Secret(this, 'RedisToken', {
      description: 'ElastiCache AUTH token',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    const smtp = new secrets.Secret(this, 'SmtpCredentials', {
      description: 'SES SMTP credentials {"username","password"}: create them for the sending IAM user and put them here',
      generateSecretString: { secretStringTemplate: JSON.stringify({ username: 'set-me' }), generateStringKey: 'password' },
    });
    for (const s of [hmac, redisToken, smtp]) {
      ack(s, [{ id: 'AwsSolutions-SMG4',
        reason: 'Rotating this value changes what every running task holds (HMAC key: live links; AUTH token and SMTP ' +
          'password: connections); it is rotated by a deployment, not by a rotation Lambda.' }]);
    }

    // --- PostgreSQL ---
    const dbSg = new ec2.SecurityGroup(this, 'DbSg', { vpc, description: 'PostgreSQL: from the app tasks only', allowAllOutbound: false });
    const db = new rds.DatabaseInstance(this, 'Db', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_15 }),
      instanceType: new ec2.InstanceType(stage.dbInstance),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [dbSg],
      credentials: dbCredentials,
      databaseName: 'chorus',
      multiAz: stage.dbMultiAz,
      allocatedStorage: stage.dbStorageGiB,
      maxAllocatedStorage: stage.dbStorageGiB * 4,
      storageType: rds.StorageType.GP3,
      storageEncrypted: true,
      backupRetention: Duration.days(stage.dbBackupDays),
      deletionProtection: stage.deletionProtection,
      enablePerformanceInsights: true,
      instanceIdentifier: `chorus-${stage.name}`,
      cloudwatchLogsExports: ['postgresql'],
      parameters: {
        // a hung statement must not hold a pooled connection for ever (the app sets shorter per-statement limits)
        statement_timeout: '30000',
        idle_in_transaction_session_timeout: '30000',
      },
      removalPolicy: prod ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
    });
    // the exported log group made here (with its retention) instead of by a CDK custom-resource Lambda
    new logs.LogGroup(this, 'DbLogs', { logGroupName: `/aws/rds/instance/chorus-${stage.name}/postgresql`, retention, removalPolicy: removal });
    ack(db, [
      { id: 'AwsSolutions-RDS11', reason: 'The default port: only the app security group can reach it, in isolated subnets.' },
      { id: 'AwsSolutions-IAM4', reason: 'The AWS-managed enhanced-monitoring/log-export policy is the one AWS documents for RDS.' },
      { id: 'AwsSolutions-SMG4', reason: 'The app reads one postgresql:// URL composed at deploy time (PgUrl); rotation would ' +
        'change the password under it, so the password is rotated by a deployment.' },
      { id: 'AwsSolutions-RDS2', reason: 'Storage encryption is on (storageEncrypted).' },
    ]);
    if (!stage.dbMultiAz) {
      ack(db, [{ id: 'AwsSolutions-RDS3', reason: 'Staging: single-AZ to halve the cost; production is Multi-AZ.' }]);
    }
    if (!stage.deletionProtection) {
      ack(db, [{ id: 'AwsSolutions-RDS10', reason: 'Staging is torn down between campaigns; production has deletion protection.' }]);
    }
    const pgUrl = new secrets.Secret(this, 'PgUrl', {
      description: 'CHORUS_PG_URL, composed from the RDS secret by CloudFormation dynamic references',
      secretStringValue: SecretValue.unsafePlainText(Fn.join('', ['postgresql://',
        db.secret.secretValueFromJson('username').unsafeUnwrap(), ':', db.secret.secretValueFromJson('password').unsafeUnwrap(),
        '@', db.dbInstanceEndpointAddress, ':', db.dbInstanceEndpointPort, '/chorus?sslmode=require'])),
    });
    ack(pgUrl, [{ id: 'AwsSolutions-SMG4', reason: 'Derived from the RDS secret; re-composed by each deployment.' }]);

    // --- Redis (TLS, AUTH) ---
    const redisSg = new ec2.SecurityGroup(this, 'RedisSg', { vpc, description: 'Redis: from the app tasks only', allowAllOutbound: false });
    const redisSubnets = new elasticache.CfnSubnetGroup(this, 'RedisSubnets', {
      description: 'Chorus Redis', subnetIds: vpc.isolatedSubnets.map((s) => s.subnetId),
    });
    const redis = new elasticache.CfnReplicationGroup(this, 'Redis', {
      replicationGroupDescription: 'Chorus rate limits and console sessions',
      engine: 'redis',
      engineVersion: '7.1',
      cacheNodeType: stage.redisNode,
      numNodeGroups: 1,
      replicasPerNodeGroup: stage.redisReplicas,
      automaticFailoverEnabled: stage.redisReplicas > 0,
      multiAzEnabled: stage.redisReplicas > 0,
      transitEncryptionEnabled: true,
      atRestEncryptionEnabled: true,
      authToken: redisToken.secretValue.unsafeUnwrap(),
      cacheSubnetGroupName: redisSubnets.ref,
      securityGroupIds: [redisSg.securityGroupId],
      port: 6379,
      snapshotRetentionLimit: prod ? 3 : 0,
    });
    ack(redis, [
      { id: 'AwsSolutions-AEC5', reason: 'The default port: only the app security group can reach it, in isolated subnets.' },
      ...(stage.redisReplicas > 0 ? [] : [{ id: 'AwsSolutions-AEC4', reason: 'Staging: one node in one AZ; production has a replica in a second AZ.' }, { id: 'AwsSolutions-AEC3', reason: 'Staging: one node; the app falls back to in-process limits when Redis is away.' }]),
      ...(prod ? [] : [{ id: 'AwsSolutions-AEC6', reason: 'Staging keeps no Redis snapshots: its data (limits, sessions) is short-lived.' }]),
    ]);
    const redisUrl = new secrets.Secret(this, 'RedisUrl', {
      description: 'CHORUS_REDIS_URL (rediss://, AUTH token)',
      secretStringValue: SecretValue.unsafePlainText(Fn.join('', ['rediss://:', redisToken.secretValue.unsafeUnwrap(), '@',
        redis.attrPrimaryEndPointAddress, ':', redis.attrPrimaryEndPointPort])),
    });
    ack(redisUrl, [{ id: 'AwsSolutions-SMG4', reason: 'Derived from RedisToken; re-composed by each deployment.' }]);

    // --- mail: SES configuration set -> SNS topic -> the app's /mail/sns ---
    const feedback = new sns.Topic(this, 'MailFeedback', { displayName: 'Chorus SES bounces and complaints', enforceSSL: true });
    feedback.addSubscription(new subs.UrlSubscription(`${site}/mail/sns`, { protocol: sns.SubscriptionProtocol.HTTPS, rawMessageDelivery: false }));
    ack(feedback, [{ id: 'AwsSolutions-SNS2',
      reason: 'Bounce and complaint notices carry addresses already known to the app; SSE-KMS would need SES to hold a ' +
        'KMS grant for no gain. enforceSSL keeps them encrypted in transit.' }]);
    const configSet = new ses.ConfigurationSet(this, 'MailConfig', {
      reputationMetrics: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });
    configSet.addEventDestination('ToSns', {
      destination: ses.EventDestination.snsTopic(feedback),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT, ses.EmailSendingEvent.REJECT, ses.EmailSendingEvent.DELIVERY_DELAY],
    });
    new ses.EmailIdentity(this, 'MailDomain', { identity: ses.Identity.domain(stage.domain), configurationSet: configSet });

    // --- the app on ECS Fargate ---
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    const repo = ecr.Repository.fromRepositoryName(this, 'Repo', 'chorus');
    const appLogs = new logs.LogGroup(this, 'AppLogs', { retention, removalPolicy: removal });
    const task = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: stage.taskCpu, memoryLimitMiB: stage.taskMemoryMiB,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    media.grantReadWrite(task.taskRole);
    task.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [media.bucketArn] }));
    const container = task.addContainer('chorus', {
      image: ecs.ContainerImage.fromEcrRepository(repo, stage.imageTag),
      essential: true,
      portMappings: [{ containerPort: 8080 }],
      stopTimeout: Duration.seconds(30),
      user: '10001',
      readonlyRootFilesystem: true,
      logging: ecs.LogDrivers.awsLogs({ logGroup: appLogs, streamPrefix: 'chorus' }),
      healthCheck: {
        command: ['CMD-SHELL', 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET /health/live HTTP/1.0\\r\\n\\r\\n" >&3 && head -1 <&3 | grep -q " 200 "'],
        interval: Duration.seconds(10), timeout: Duration.seconds(3), retries: 3, startPeriod: Duration.seconds(30),
      },
      environment: {
        CHORUS_MODE: 'production',
        CHORUS_PUBLIC_BASE_URL: site,
        CHORUS_S3_BUCKET: media.bucketName,
        CHORUS_S3_REGION: this.region,
        CHORUS_SMTP_HOST: `email-smtp.${this.region}.amazonaws.com`,
        CHORUS_SMTP_PORT: '587',
        CHORUS_SMTP_STARTTLS: 'required',
        CHORUS_MAIL_FROM: `Chorus <hello@${stage.domain}>`,
        CHORUS_MAIL_SNS_TOPIC_ARN: feedback.topicArn,
        CHORUS_HTTP_COUNTRY_HEADER: 'CloudFront-Viewer-Country',
        // the ALB is the peer; it appends the client it saw (CloudFront's edge) to X-Forwarded-For, so trust the VPC
        // and read CloudFront's own viewer address header, which CloudFront sets and a client cannot forge past it
        CHORUS_TRUSTED_PROXIES: vpc.vpcCidrBlock,
        CHORUS_CLIENT_IP_HEADER: 'CloudFront-Viewer-Address',
        CHORUS_PG_POOL_SIZE: String(stage.pgPoolSize),
        CHORUS_HTTP_SHUTDOWN_SECONDS: '20',
        JAVA_TOOL_OPTIONS: '-XX:MaxRAMPercentage=70',
      },
      secrets: {
        CHORUS_PG_URL: ecs.Secret.fromSecretsManager(pgUrl),
        CHORUS_REDIS_URL: ecs.Secret.fromSecretsManager(redisUrl),
        CHORUS_SECRET: ecs.Secret.fromSecretsManager(hmac),
        CHORUS_SMTP_USERNAME: ecs.Secret.fromSecretsManager(smtp, 'username'),
        CHORUS_SMTP_PASSWORD: ecs.Secret.fromSecretsManager(smtp, 'password'),
      },
    });
    // the JVM writes its temporary files (CDS, JIT) to /tmp: a scratch volume under a read-only root
    task.addVolume({ name: 'tmp' });
    container.addMountPoints({ containerPath: '/tmp', sourceVolume: 'tmp', readOnly: false });

    const appSg = new ec2.SecurityGroup(this, 'AppSg', { vpc, description: 'Chorus tasks: from the ALB only' });
    dbSg.addIngressRule(appSg, ec2.Port.tcp(5432), 'app tasks');
    redisSg.addIngressRule(appSg, ec2.Port.tcp(6379), 'app tasks');
    const service = new ecs.FargateService(this, 'Service', {
      cluster, taskDefinition: task,
      desiredCount: stage.minTasks,
      securityGroups: [appSg],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      circuitBreaker: { rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      healthCheckGracePeriod: Duration.seconds(30),
    });

    // --- ALB: only CloudFront's origin-facing addresses may reach it ---
    const albSg = new ec2.SecurityGroup(this, 'AlbSg', { vpc, description: 'ALB: HTTPS from CloudFront only', allowAllOutbound: false });
    albSg.addIngressRule(ec2.Peer.prefixList(stage.cloudFrontPrefixListId), ec2.Port.tcp(443), 'CloudFront origin-facing');
    albSg.addEgressRule(appSg, ec2.Port.tcp(8080), 'to the tasks');
    appSg.addIngressRule(albSg, ec2.Port.tcp(8080), 'from the ALB');
    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc, internetFacing: true, securityGroup: albSg, dropInvalidHeaderFields: true, idleTimeout: Duration.seconds(60),
    });
    alb.logAccessLogs(logBucket, 'alb');
    const listener = alb.addListener('Https', {
      port: 443, protocol: elbv2.ApplicationProtocol.HTTPS, open: false,
      certificates: [elbv2.ListenerCertificate.fromArn(stage.albCertificateArn)],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
    });
    const targets = listener.addTargets('App', {
      port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targets: [service],
      deregistrationDelay: Duration.seconds(25),
      slowStart: Duration.seconds(30),
      healthCheck: {
        path: '/health/ready', interval: Duration.seconds(5), timeout: Duration.seconds(3),
        healthyThresholdCount: 2, unhealthyThresholdCount: 2, healthyHttpCodes: '200',
      },
    });

    // --- autoscaling: out fast, in slowly ---
    const scaling = service.autoScaleTaskCount({ minCapacity: stage.minTasks, maxCapacity: stage.maxTasks });
    scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 55, scaleOutCooldown: Duration.seconds(30), scaleInCooldown: Duration.minutes(10) });
    scaling.scaleOnRequestCount('Requests', {
      requestsPerTarget: stage.requestsPerTargetPerMinute, targetGroup: targets,
      scaleOutCooldown: Duration.seconds(30), scaleInCooldown: Duration.minutes(10),
    });

    // --- CloudFront ---
    const viewerHeaders = new cloudfront.OriginRequestPolicy(this, 'ToApp', {
      comment: 'Chorus: viewer country and address, language, cookies and query strings to the app',
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList('CloudFront-Viewer-Country', 'CloudFront-Viewer-Address',
        'Accept-Language', 'Content-Type', 'Origin', 'Referer', 'User-Agent', 'X-Request-Id'),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.all(),
    });
    // /api/*: not cached unless a response says so (max 60 s); the bearer and the language are part of the key
    const api = new cloudfront.CachePolicy(this, 'Api', {
      comment: 'Chorus /api/*: origin Cache-Control decides, default no caching',
      defaultTtl: Duration.seconds(0), minTtl: Duration.seconds(0), maxTtl: Duration.seconds(60),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Authorization', 'Accept-Language', 'CloudFront-Viewer-Country'),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      enableAcceptEncodingGzip: true, enableAcceptEncodingBrotli: true,
    });
    // /media/*: immutable, keyed names; a year at the edge
    const immutable = new cloudfront.CachePolicy(this, 'Immutable', {
      comment: 'Chorus /media/* and fingerprinted assets: immutable',
      defaultTtl: Duration.days(365), minTtl: Duration.days(1), maxTtl: Duration.days(365),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(), queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(), enableAcceptEncodingGzip: true, enableAcceptEncodingBrotli: true,
    });
    const origin = new origins.HttpOrigin(alb.loadBalancerDnsName, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY, readTimeout: Duration.seconds(30), keepaliveTimeout: Duration.seconds(60),
    });
    const noStore = { origin, viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL, originRequestPolicy: viewerHeaders };
    const cdn = new cloudfront.Distribution(this, 'Cdn', {
      comment: `Chorus ${stage.name}`,
      domainNames: [stage.domain],
      certificate: acm.Certificate.fromCertificateArn(this, 'CdnCert', stage.certificateArn),
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_ALL,
      enableLogging: true, logBucket, logFilePrefix: 'cdn/',
      defaultBehavior: { ...noStore, cachePolicy: cloudfront.CachePolicy.USE_ORIGIN_CACHE_CONTROL_HEADERS_QUERY_STRINGS },
      additionalBehaviors: {
        '/api/*': { ...noStore, cachePolicy: api },
        '/console/*': { ...noStore, cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED, originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER },
        '/mail/*': { ...noStore, cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED },
        '/health/*': { ...noStore, cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED },
        '/media/*': { origin, viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD, cachePolicy: immutable, compress: false },
      },
    });
    ack(cdn, [
      { id: 'AwsSolutions-CFR1', reason: 'A campaign is worldwide; the app localises by CloudFront-Viewer-Country instead of blocking.' },
      { id: 'AwsSolutions-CFR2', reason: 'Abuse is limited in the app (per IP, fan and address, shared in Redis); WAF can be added per campaign if needed.' },
    ]);

    // --- alarms -> ops topic ---
    const ops = new sns.Topic(this, 'Alarms', { displayName: 'Chorus alarms', enforceSSL: true });
    ops.addSubscription(new subs.EmailSubscription(stage.alarmEmail));
    ack(ops, [{ id: 'AwsSolutions-SNS2', reason: 'Alarm notices carry no personal data.' }]);
    const alarm = (name, metric, threshold, evaluationPeriods, comparisonOperator) => {
      const a = new cloudwatch.Alarm(this, name, {
        metric, threshold, evaluationPeriods, datapointsToAlarm: evaluationPeriods,
        comparisonOperator: comparisonOperator || cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(new actions.SnsAction(ops));
      return a;
    };
    const m = (metric) => metric;
    alarm('Target5xx', m(alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: Duration.minutes(1), statistic: 'Sum' })), 50, 3);
    alarm('Elb5xx', m(alb.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: Duration.minutes(1), statistic: 'Sum' })), 20, 3);
    alarm('P99Latency', m(alb.metrics.targetResponseTime({ period: Duration.minutes(1), statistic: 'p99' })), 1.5, 5);
    alarm('UnhealthyTargets', m(targets.metrics.unhealthyHostCount({ period: Duration.minutes(1), statistic: 'Maximum' })), 0, 3);
    alarm('AtMaxTasks', m(service.metricCpuUtilization({ period: Duration.minutes(1) })), 85, 5);
    alarm('DbCpu', m(db.metricCPUUtilization({ period: Duration.minutes(1) })), 80, 5);
    alarm('DbConnections', m(db.metricDatabaseConnections({ period: Duration.minutes(1) })), stage.maxTasks * stage.pgPoolSize * 0.9, 3);
    alarm('DbStorage', m(db.metricFreeStorageSpace({ period: Duration.minutes(5) })), 5 * 1024 ** 3, 1, cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD);
    alarm('RedisCpu', new cloudwatch.Metric({ namespace: 'AWS/ElastiCache', metricName: 'EngineCPUUtilization',
      dimensionsMap: { ReplicationGroupId: redis.ref }, period: Duration.minutes(1), statistic: 'Average' }), 75, 5);
    alarm('RedisMemory', new cloudwatch.Metric({ namespace: 'AWS/ElastiCache', metricName: 'DatabaseMemoryUsagePercentage',
      dimensionsMap: { ReplicationGroupId: redis.ref }, period: Duration.minutes(5), statistic: 'Maximum' }), 80, 1);
    alarm('SesBounceRate', new cloudwatch.Metric({ namespace: 'AWS/SES', metricName: 'Reputation.BounceRate',
      period: Duration.minutes(15), statistic: 'Maximum' }), 0.04, 1);
    alarm('SesComplaintRate', new cloudwatch.Metric({ namespace: 'AWS/SES', metricName: 'Reputation.ComplaintRate',
      period: Duration.minutes(15), statistic: 'Maximum' }), 0.001, 1);

    // --- suppressions that are about CDK's own generated pieces ---
    ack(task, [
      { id: 'AwsSolutions-ECS2', reason: 'Settings in plain environment variables are not secret (URLs, names); every secret comes from Secrets Manager.' },
    ]);
    ack(task.executionRole, [{ id: 'AwsSolutions-IAM5[Resource::*]', reason: 'ecr:GetAuthorizationToken has no resource-level permissions; it must be granted on *.' }]);
    ack(task.taskRole, ['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map((a) => ({
      id: `AwsSolutions-IAM5[Action::${a}]`, reason: 'CDK grantReadWrite on the media bucket only: takes, producer files and artwork are read, written and erased by the app.' }))
      .concat([{ id: 'AwsSolutions-IAM5[Resource::<MediaA721A567.Arn>/*]', reason: 'Object-level actions on the media bucket\'s objects; no other bucket.' }]));
    ack(albSg, [
      { id: 'AwsSolutions-EC23', reason: 'Ingress is CloudFront\'s managed origin-facing prefix list only, not 0.0.0.0/0.' },
    ]);

    new cdk.CfnOutput(this, 'CdnDomain', { value: cdn.distributionDomainName });
    new cdk.CfnOutput(this, 'MediaBucket', { value: media.bucketName });
    new cdk.CfnOutput(this, 'MailFeedbackTopic', { value: feedback.topicArn });
  }
}

module.exports = { ChorusStack };
