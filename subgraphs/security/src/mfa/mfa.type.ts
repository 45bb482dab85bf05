import { Field, ObjectType } from 'type-graphql';

@ObjectType('MfaEnrolment', {
  description:
    'A started TOTP enrolment: scan the QR code (or type the secret), then call `confirmMfa` with a code.',
})
export class MfaEnrolment {
  @Field(() => String, { description: '`otpauth://totp/…` URI for authenticator apps.' })
  otpauthUri!: string;

  @Field(() => String, { description: 'The shared secret in base32, for manual entry.' })
  secret!: string;

  @Field(() => String, { description: 'QR code of the URI as an SVG document.' })
  qrCodeSvg!: string;

  @Field(() => String, { description: 'QR code of the URI as a `data:image/png;base64,…` URL.' })
  qrCodeDataUrl!: string;
}

@ObjectType('MfaBackupCodes', {
  description:
    'Ten one-time recovery codes. Shown once: store them somewhere safe. Each works once instead of a TOTP code.',
})
export class MfaBackupCodes {
  @Field(() => [String], { description: 'Codes like `k7m2p-x9q4r`.' })
  backupCodes!: string[];
}
