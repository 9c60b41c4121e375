#!/usr/bin/env node
// The CDK app: one stack per stage, each checked by cdk-nag's AwsSolutions rules during synth.
// `./synth.sh` writes their CloudFormation templates to deploy/cloudformation/ (committed; CI re-synthesises
// and fails when they differ).
'use strict';
const cdk = require('aws-cdk-lib');
const { AwsSolutionsChecks } = require('cdk-nag');
const { ChorusStack } = require('../lib/chorus-stack');
const stages = require('../lib/stages');

const app = new cdk.App();
for (const [name, stage] of Object.entries(stages)) {
  new ChorusStack(app, `Chorus${name[0].toUpperCase()}${name.slice(1)}`, {
    stage: { name, ...stage },
    env: { account: stage.account, region: stage.region },
    description: `Chorus ${name}: ECS Fargate behind an ALB and CloudFront, RDS PostgreSQL, ElastiCache Redis, S3, SES`,
    synthesizer: new cdk.DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
  });
}
cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
