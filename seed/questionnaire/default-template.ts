/**
 * The default supplier self-assessment questionnaire (DESIGN.md, "Default questionnaire outline").
 *
 * Every question was written for Vetted; none is taken from SIG, CAIQ, VSA, HECVAT or any other
 * published questionnaire. Control codes:
 * - ccm: CSA Cloud Controls Matrix v4.0 numbering (the numbering DESIGN.md uses; v4.1 renumbered
 *   several LOG, IAM, SEF, STA, TVM and DCS controls and renamed IVS to I&S);
 * - iso27001: ISO/IEC 27001:2022 Annex A;
 * - pipl: articles of China's Personal Information Protection Law;
 * - other: CSL = Cybersecurity Law, DSL = Data Security Law, GDPR articles, MVSP v1.0, OWASP Top 10 2021.
 *
 * "We"/"us" is the company that sends the questionnaire; "you" is the supplier answering it.
 */
import type { TemplateContent } from '../../src/modules/questionnaires/template.types';

export const defaultTemplate: TemplateContent = {
  name: {
    en: 'Supplier security and personal-information protection self-assessment',
    zh: '供应商信息安全与个人信息保护自评估问卷',
  },
  description: {
    en:
      'This questionnaire asks how your organisation protects the personal information it processes on our behalf, ' +
      "covering security governance, technical and organisational measures, and compliance with China's Personal " +
      'Information Protection Law and, where relevant, the GDPR. Answer each question for the service you provide to us, ' +
      'add a comment wherever an answer needs context, and attach evidence where it is asked for.',
    zh:
      '本问卷用于了解贵公司如何保护受我方委托处理的个人信息，内容涵盖安全治理、技术与管理措施，以及对《个人信息保护法》' +
      '和（如适用）欧盟《通用数据保护条例》（GDPR）的遵从情况。请针对贵公司向我方提供的服务逐题作答，' +
      '需要说明背景时请填写备注，并按要求上传证明材料。',
  },
  sections: [
    // 1 ─────────────────────────────────────────────────────────────────────────────────────────
    {
      key: 'governance',
      title: { en: 'Governance and policies', zh: '安全治理与制度' },
      description: {
        en: 'How information security and personal-information protection are organised, owned and independently checked.',
        zh: '贵公司如何组织、落实并独立检查信息安全与个人信息保护工作。',
      },
      questions: [
        {
          key: 'gov_01',
          type: 'yes_no',
          text: {
            en: 'Do you have an information security policy that senior management has approved and that is reviewed at least once a year?',
            zh: '贵公司是否制定了经管理层批准的信息安全总体方针，并至少每年评审一次？',
          },
          help: {
            en: 'Upload the policy (or its table of contents) with the record of its approval and latest review, such as the version history or meeting minutes. A policy not reviewed for more than a year counts as partial.',
            zh: '请上传方针文件（或其目录）以及审批和最近一次评审的记录，如版本修订记录或会议纪要。超过一年未评审的，请选择“部分符合”。',
          },
          weight: 4,
          required: true,
          evidence: 'required',
          controls: {
            ccm: ['GRC-01', 'GRC-03', 'GRC-05'],
            iso27001: ['A.5.1'],
            pipl: ['PIPL 51'],
            other: ['CSL 21'],
          },
        },
        {
          key: 'gov_02',
          type: 'yes_no',
          text: {
            en: 'Have you named a person who is accountable for information security, and are security roles and responsibilities set out in writing?',
            zh: '贵公司是否明确了信息安全的总负责人，并以书面形式规定了各岗位的安全职责？',
          },
          help: {
            en: 'For example a CISO or head of security reporting to senior management, and a responsibility matrix or job descriptions that mention security duties.',
            zh: '例如向管理层汇报的首席信息安全官或安全负责人，以及写明安全职责的职责分工表或岗位说明书。',
          },
          weight: 3,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['GRC-05', 'GRC-06'],
            iso27001: ['A.5.2'],
            pipl: ['PIPL 51'],
            other: ['CSL 21'],
          },
        },
        {
          key: 'gov_03',
          type: 'yes_no',
          text: {
            en: 'Have you appointed a personal-information protection officer, or another named person responsible for personal-information protection, and made their contact details available?',
            zh: '贵公司是否已指定个人信息保护负责人（或其他明确负责个人信息保护工作的人员），并公开或向客户提供其联系方式？',
          },
          help: {
            en: 'PIPL Art. 52 requires handlers whose processing reaches the volume set by the Cyberspace Administration of China to appoint a personal-information protection officer. Below that volume we still expect a named person who answers for personal-information protection; a data protection officer appointed under GDPR Art. 37 also counts.',
            zh: '《个人信息保护法》第五十二条要求处理个人信息达到国家网信部门规定数量的个人信息处理者指定个人信息保护负责人。未达到该数量的，我们仍希望有一名对个人信息保护工作负责的具体人员；依据GDPR第37条任命的数据保护官（DPO）亦可。',
          },
          weight: 4,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['GRC-06'],
            iso27001: ['A.5.2', 'A.5.34'],
            pipl: ['PIPL 52'],
            other: ['GDPR 37'],
          },
        },
        {
          key: 'gov_04',
          type: 'short_text',
          text: {
            en: 'Name, position and e-mail address of the person responsible for personal-information protection',
            zh: '个人信息保护负责人的姓名、职务及电子邮箱',
          },
          help: {
            en: 'We will contact this person about personal-information matters such as rights requests and incident follow-up.',
            zh: '我方将通过该联系人处理个人信息相关事务，例如个人权利请求和安全事件的后续沟通。',
          },
          weight: 0,
          required: true,
          evidence: 'none',
          showIf: { question: 'gov_03', anyOf: ['yes', 'partial'] },
          controls: {
            ccm: ['GRC-06'],
            iso27001: ['A.5.2'],
            pipl: ['PIPL 52'],
          },
        },
        {
          key: 'gov_05',
          type: 'multi_choice',
          text: {
            en: 'Which of these certifications or attestations currently cover the service you provide to us?',
            zh: '贵公司向我方提供的服务目前取得了以下哪些认证或鉴证报告？',
          },
          help: {
            en: 'Select all that apply. Count only certificates that are valid today and whose scope includes the systems and sites used for our service. MLPS (网络安全等级保护) means the system has been filed with the public security authority and has passed a graded-protection assessment.',
            zh: '可多选。仅计入当前有效、且范围覆盖为我方提供服务所用系统和场所的认证。等级保护是指相关信息系统已向公安机关备案，并通过了等级测评。',
          },
          options: [
            {
              value: 'iso27001',
              label: { en: 'ISO/IEC 27001 certification', zh: 'ISO/IEC 27001 认证' },
              score: 1,
            },
            {
              value: 'soc2_type2',
              label: { en: 'SOC 2 Type II report', zh: 'SOC 2 Type II 鉴证报告' },
              score: 1,
            },
            {
              value: 'mlps_level3',
              label: {
                en: 'MLPS level 3 (filed and assessed)',
                zh: '网络安全等级保护第三级（已备案并通过测评）',
              },
              score: 1,
            },
            {
              value: 'mlps_level2',
              label: {
                en: 'MLPS level 2 (filed and assessed)',
                zh: '网络安全等级保护第二级（已备案并通过测评）',
              },
              score: 0.8,
            },
            {
              value: 'iso27701',
              label: { en: 'ISO/IEC 27701 certification', zh: 'ISO/IEC 27701 认证' },
              score: 1,
            },
            {
              value: 'pi_certification',
              label: {
                en: 'Personal-information protection certification in China',
                zh: '个人信息保护认证（中国）',
              },
              score: 1,
            },
            { value: 'pci_dss', label: { en: 'PCI DSS compliance', zh: 'PCI DSS 合规认证' }, score: 0.8 },
            { value: 'none', label: { en: 'None of these', zh: '以上均无' }, score: 0 },
          ],
          weight: 4,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['A&A-02', 'GRC-05'],
            iso27001: ['A.5.35'],
            pipl: ['PIPL 51'],
            other: ['CSL 21'],
          },
        },
        {
          key: 'gov_06',
          type: 'file',
          text: {
            en: 'Upload the certificates or reports you selected, including the certificate scope, or for MLPS the filing certificate and the conclusion of the latest assessment.',
            zh: '请上传所选认证的证书或报告，包括认证范围；等级保护请上传备案证明及最近一次等级测评的结论。',
          },
          weight: 3,
          required: true,
          evidence: 'required',
          showIf: {
            question: 'gov_05',
            anyOf: [
              'iso27001',
              'soc2_type2',
              'mlps_level3',
              'mlps_level2',
              'iso27701',
              'pi_certification',
              'pci_dss',
            ],
          },
          controls: {
            ccm: ['A&A-02'],
            iso27001: ['A.5.35'],
            pipl: [],
            other: ['CSL 21'],
          },
        },
        {
          key: 'gov_07',
          type: 'yes_no',
          text: {
            en: 'Are your information security and personal-information protection independently audited at least once a year, with findings tracked until they are fixed?',
            zh: '贵公司是否至少每年对信息安全和个人信息保护工作开展一次独立审计，并跟踪审计发现的问题直至整改完成？',
          },
          help: {
            en: 'The auditor may be an external firm or an internal audit function independent of the teams being audited. PIPL Art. 54 requires regular compliance audits of personal-information processing. Provide the latest audit summary or the remediation tracker.',
            zh: '审计可由外部机构实施，也可由独立于被审计团队的内部审计部门实施。《个人信息保护法》第五十四条要求定期对个人信息处理活动开展合规审计。请提供最近一次审计的报告摘要或整改跟踪记录。',
          },
          weight: 4,
          required: true,
          evidence: 'required',
          controls: {
            ccm: ['A&A-02', 'A&A-06'],
            iso27001: ['A.5.35'],
            pipl: ['PIPL 54'],
          },
        },
      ],
    },

    // 2 ─────────────────────────────────────────────────────────────────────────────────────────
    {
      key: 'staff',
      title: { en: 'Staff confidentiality and training', zh: '人员保密与培训' },
      description: {
        en: 'Confidentiality commitments, screening, training and leaving arrangements for everyone who can reach our data.',
        zh: '可接触我方数据的所有人员的保密承诺、背景审查、培训及离职管理。',
      },
      questions: [
        {
          key: 'hr_01',
          type: 'yes_no',
          text: {
            en: 'Does everyone who may access our personal information — employees, contractors and temporary staff — sign a confidentiality agreement before they are given access?',
            zh: '所有可能接触我方个人信息的人员（包括正式员工、外包及临时人员）是否在获得访问权限之前签署保密协议？',
          },
          help: {
            en: 'The duty of confidentiality should continue after the person leaves. The agreement template, or the confidentiality clause of your employment contract, is sufficient evidence.',
            zh: '保密义务应在人员离职后继续有效。提供保密协议模板或劳动合同中的保密条款即可。',
          },
          weight: 4,
          required: true,
          evidence: 'required',
          controls: {
            ccm: ['HRS-10'],
            iso27001: ['A.6.2', 'A.6.6'],
            pipl: ['PIPL 51'],
            other: ['GDPR 28(3)(b)'],
          },
        },
        {
          key: 'hr_02',
          type: 'yes_no',
          text: {
            en: 'Do you carry out background checks, as far as local law allows, before giving anyone access to personal information or production systems?',
            zh: '在允许人员访问个人信息或生产系统之前，贵公司是否在法律允许的范围内对其进行背景调查？',
          },
          help: {
            en: 'Say in the comment what you check (identity, qualifications, employment history, criminal record where lawful) and for which roles. The checks must themselves respect the candidates’ personal information.',
            zh: '请在备注中说明核查内容（如身份、学历、工作经历，以及在合法前提下的无犯罪记录）及适用岗位。背景调查本身也应依法保护候选人的个人信息。',
          },
          weight: 3,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['HRS-01'],
            iso27001: ['A.6.1'],
            pipl: ['PIPL 51'],
          },
        },
        {
          key: 'hr_03',
          type: 'yes_no',
          text: {
            en: 'Do all staff receive information security and personal-information protection training when they join and at least once a year afterwards, with completion recorded?',
            zh: '全体员工是否在入职时以及此后每年至少一次接受信息安全和个人信息保护培训，并留存完成记录？',
          },
          help: {
            en: 'PIPL Art. 51 requires regular security training for staff. Good evidence is the training plan, the course outline and the completion rate of the last cycle.',
            zh: '《个人信息保护法》第五十一条要求定期对从业人员进行安全教育和培训。可提供培训计划、课程大纲及最近一期的完成率。',
          },
          weight: 4,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['HRS-11'],
            iso27001: ['A.6.3'],
            pipl: ['PIPL 51'],
            other: ['MVSP 1.5'],
          },
        },
        {
          key: 'hr_04',
          type: 'yes_no',
          text: {
            en: 'Do staff who handle personal information day to day — sensitive personal information in particular — receive additional training on their specific duties?',
            zh: '日常处理个人信息（尤其是敏感个人信息）的岗位人员，是否接受针对其具体职责的专项培训？',
          },
          help: {
            en: 'For example customer-service agents who can see identity numbers, or engineers with direct database access.',
            zh: '例如可查看身份证号码的客服人员，或可直接访问数据库的工程师。',
          },
          weight: 3,
          required: false,
          evidence: 'optional',
          controls: {
            ccm: ['HRS-12'],
            iso27001: ['A.6.3'],
            pipl: ['PIPL 51'],
          },
        },
        {
          key: 'hr_05',
          type: 'yes_no',
          text: {
            en: 'Does your leaving procedure make sure that people return devices, documents and storage media, and are reminded that their confidentiality obligations continue?',
            zh: '贵公司的离职流程是否确保离职人员交还设备、文件和存储介质，并提醒其保密义务在离职后继续有效？',
          },
          help: {
            en: 'A leaver checklist signed off by HR and IT is good evidence. Removal of system access is asked about in the access control section.',
            zh: '由人事和IT部门共同签字确认的离职交接清单是较好的证明材料。系统权限的收回情况请在“访问控制”部分作答。',
          },
          weight: 3,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['HRS-05', 'HRS-06'],
            iso27001: ['A.5.11', 'A.6.5'],
            pipl: ['PIPL 51'],
          },
        },
      ],
    },

    // 3 ─────────────────────────────────────────────────────────────────────────────────────────
    {
      key: 'access_control',
      title: { en: 'Access control', zh: '访问控制' },
      description: {
        en: 'Who can reach our personal information, how they prove who they are, and how access is kept to what is needed.',
        zh: '哪些人员可以访问我方个人信息、如何验证其身份，以及如何将访问权限限制在必要范围内。',
      },
      questions: [
        {
          key: 'iam_01',
          type: 'yes_no',
          text: {
            en: 'Does every person and system that accesses our personal information use an individual account, with no shared or generic accounts?',
            zh: '访问我方个人信息的每个人员和系统是否都使用独立账号，不存在共用账号或通用账号？',
          },
          help: {
            en: 'If a shared account cannot be avoided (for example a built-in administrator account), explain how its use is controlled and traced back to a person.',
            zh: '如确实无法避免共用账号（例如系统内置的管理员账号），请说明如何管控其使用，并将操作追溯到具体人员。',
          },
          weight: 4,
          required: true,
          evidence: 'none',
          controls: {
            ccm: ['IAM-13'],
            iso27001: ['A.5.16'],
            pipl: ['PIPL 51'],
          },
        },
        {
          key: 'iam_02',
          type: 'yes_no',
          text: {
            en: 'Is multi-factor authentication required for all remote access and for all administrator or other privileged access to systems that hold our personal information?',
            zh: '远程访问以及对存有我方个人信息的系统进行管理员或其他特权操作时，是否一律强制使用多因素认证？',
          },
          help: {
            en: 'Codes from an authenticator app, hardware security keys and client certificates count; a second password does not. SMS codes are acceptable but weaker. Choose partial if only some of these access paths are covered.',
            zh: '认证器应用生成的动态口令、硬件安全密钥和客户端证书均可；第二个密码不算第二因素。短信验证码可以接受，但强度较弱。如仅部分访问途径启用了多因素认证，请选择“部分符合”。',
          },
          weight: 5,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['IAM-14'],
            iso27001: ['A.5.17', 'A.8.5'],
            pipl: ['PIPL 51'],
            other: ['MVSP 4.2'],
          },
        },
        {
          key: 'iam_03',
          type: 'yes_no',
          text: {
            en: 'Is access to our personal information approved before it is granted, and given only to roles that need it for the agreed service, at the lowest level of privilege that works?',
            zh: '对我方个人信息的访问权限是否经审批后才授予，且仅授予履行约定服务所必需的岗位，并按最小权限原则分配？',
          },
          help: {
            en: 'PIPL Art. 51 expects operating permissions for personal information to be set on a need-to-know basis. A role-permission matrix or the records of your access-approval workflow are good evidence.',
            zh: '《个人信息保护法》第五十一条要求合理确定个人信息处理的操作权限。角色权限矩阵或权限审批流程记录是较好的证明材料。',
          },
          weight: 5,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['IAM-05'],
            iso27001: ['A.5.15', 'A.5.18', 'A.8.3'],
            pipl: ['PIPL 51'],
            other: ['MVSP 4.2'],
          },
        },
        {
          key: 'iam_04',
          type: 'yes_no',
          text: {
            en: 'Are administrator and other privileged accounts separate from everyday accounts, limited to named people, and is their use logged?',
            zh: '管理员及其他特权账号是否与日常办公账号分开、仅限指定人员使用，并记录其使用情况？',
          },
          help: {
            en: 'For example dedicated admin accounts, operations through a bastion host or privileged-access management tool, and time-limited elevation of rights.',
            zh: '例如使用专用管理员账号、通过堡垒机或特权账号管理工具进行运维操作、按需限时提权等。',
          },
          weight: 4,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['IAM-10'],
            iso27001: ['A.8.2'],
            pipl: ['PIPL 51'],
          },
        },
        {
          key: 'iam_05',
          type: 'single_choice',
          text: {
            en: 'How often do you review who has access to the systems that hold our personal information?',
            zh: '贵公司多久对存有我方个人信息之系统的访问权限进行一次复核？',
          },
          help: {
            en: 'In a review, the owner of each system confirms person by person that access is still needed, and removes what is not. Keep the review record as evidence.',
            zh: '权限复核是指由各系统负责人逐人确认访问权限是否仍有必要，并收回不再需要的权限。请留存复核记录备查。',
          },
          options: [
            { value: 'quarterly', label: { en: 'Quarterly or more often', zh: '每季度或更频繁' }, score: 1 },
            { value: 'half_yearly', label: { en: 'Every six months', zh: '每半年' }, score: 0.75 },
            { value: 'yearly', label: { en: 'Once a year', zh: '每年' }, score: 0.5 },
            {
              value: 'on_change_only',
              label: { en: 'Only when people or systems change', zh: '仅在人员或系统变动时' },
              score: 0.2,
            },
            { value: 'never', label: { en: 'No reviews are done', zh: '未开展复核' }, score: 0 },
          ],
          weight: 4,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['IAM-08'],
            iso27001: ['A.5.18'],
            pipl: ['PIPL 51'],
            other: ['MVSP 4.2'],
          },
        },
        {
          key: 'iam_06',
          type: 'yes_no',
          text: {
            en: 'Is access removed within one working day when someone leaves or no longer needs it — and if any of your staff hold accounts in our systems, do you tell us within the same time?',
            zh: '人员离职或不再需要访问权限时，是否在一个工作日内收回其权限？如贵公司人员持有我方系统的账号，是否也在同一时限内通知我方？',
          },
          help: {
            en: 'Explain how HR changes reach the teams that remove access, for example automatic de-provisioning linked to the HR system.',
            zh: '请说明人事变动信息如何传递至负责收回权限的团队，例如与人事系统联动的自动销户。',
          },
          weight: 4,
          required: true,
          evidence: 'none',
          controls: {
            ccm: ['IAM-07'],
            iso27001: ['A.5.18', 'A.6.5'],
            pipl: ['PIPL 51'],
            other: ['MVSP 4.2'],
          },
        },
      ],
    },

    // 4 ─────────────────────────────────────────────────────────────────────────────────────────
    {
      key: 'encryption',
      title: { en: 'Encryption and de-identification', zh: '加密与去标识化' },
      description: {
        en: 'Protection of our personal information in transit and at rest, management of keys, and masking where full values are not needed.',
        zh: '我方个人信息在传输和存储过程中的保护、密钥管理，以及在无需完整数据时的脱敏处理。',
      },
      questions: [
        {
          key: 'enc_01',
          type: 'yes_no',
          text: {
            en: 'Is our personal information always encrypted when it travels over public or shared networks, using TLS 1.2 or later or an equally strong protocol?',
            zh: '我方个人信息经公共网络或共享网络传输时，是否始终使用TLS 1.2及以上版本或同等强度的协议加密？',
          },
          help: {
            en: 'This includes web and API traffic, file transfers (SFTP rather than FTP), e-mail carrying personal information, and links between your data centres or cloud regions. Commercial cryptography based on SM2/SM3/SM4 is equally acceptable.',
            zh: '包括网页和接口流量、文件传输（应使用SFTP而非FTP）、含个人信息的电子邮件，以及数据中心或云区域之间的链路。采用SM2/SM3/SM4等国密算法的方案同样可以接受。',
          },
          weight: 5,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['CEK-03', 'CEK-04'],
            iso27001: ['A.8.24', 'A.5.14'],
            pipl: ['PIPL 51'],
            other: ['MVSP 2.2', 'MVSP 2.8'],
          },
        },
        {
          key: 'enc_02',
          type: 'yes_no',
          text: {
            en: 'Is our personal information encrypted at rest wherever it is stored — databases, file storage, backups and removable media?',
            zh: '我方个人信息在各类存储位置（数据库、文件存储、备份及移动存储介质）中是否均加密保存？',
          },
          help: {
            en: 'Say at which layer you encrypt (disk or volume, database, field or application). For sensitive personal information such as identity numbers, bank-card numbers, biometrics or health data we expect field-level encryption.',
            zh: '请说明加密所在的层级（磁盘/卷、数据库、字段或应用层）。对于身份证号码、银行卡号、生物识别信息、健康信息等敏感个人信息，我们期望采用字段级加密。',
          },
          weight: 5,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['CEK-03', 'DSP-17'],
            iso27001: ['A.8.24'],
            pipl: ['PIPL 51'],
            other: ['MVSP 2.8', 'CSL 21'],
          },
        },
        {
          key: 'enc_03',
          type: 'yes_no',
          text: {
            en: 'Are encryption keys generated, stored and rotated in a key management service or hardware security module, kept apart from the data they protect, and available only to a few named people?',
            zh: '加密密钥是否通过密钥管理服务或硬件安全模块（HSM）生成、保存和轮换，与其保护的数据分开存放，并仅限少数指定人员访问？',
          },
          help: {
            en: 'State the rotation period and what you do when a key may have been compromised. Keys written into source code or configuration files count as no.',
            zh: '请说明密钥轮换周期，以及密钥可能泄露时的处置方式。密钥硬编码在源代码或配置文件中的，请选择“否”。',
          },
          weight: 4,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['CEK-12', 'CEK-13'],
            iso27001: ['A.8.24'],
            pipl: ['PIPL 51'],
          },
        },
        {
          key: 'enc_04',
          type: 'yes_no',
          text: {
            en: 'Where full values are not needed — on screens, in reports, exports, logs and analytics — do you mask, pseudonymise or de-identify our personal information?',
            zh: '在无需完整数据的场景（如页面展示、报表、导出文件、日志和数据分析），贵公司是否对我方个人信息进行脱敏、假名化或去标识化处理？',
          },
          help: {
            en: 'For example showing only the last four digits of a phone number, or replacing identifiers with tokens before analysis. PIPL Art. 51 names encryption and de-identification as expected technical measures.',
            zh: '例如手机号码仅显示后四位，或在分析前将标识符替换为令牌。《个人信息保护法》第五十一条明确将加密、去标识化列为应采取的安全技术措施。',
          },
          weight: 4,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['DSP-17'],
            iso27001: ['A.8.11'],
            pipl: ['PIPL 51'],
          },
        },
        {
          key: 'enc_05',
          type: 'yes_no',
          text: {
            en: 'Are laptops and mobile devices that may hold our personal information centrally managed, with full-disk encryption, automatic screen lock and remote wipe?',
            zh: '可能存有我方个人信息的笔记本电脑和移动设备是否统一管理，并启用全盘加密、自动锁屏和远程擦除功能？',
          },
          weight: 3,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['UEM-08', 'UEM-13'],
            iso27001: ['A.8.1', 'A.8.24'],
            pipl: ['PIPL 51'],
          },
        },
      ],
    },

    // 5 ─────────────────────────────────────────────────────────────────────────────────────────
    {
      key: 'network',
      title: { en: 'Network and system security', zh: '网络与系统安全' },
      description: {
        en: 'Segmentation, intrusion detection, hardening and malware protection for the systems that process our data.',
        zh: '处理我方数据之系统的网络隔离、入侵检测、安全加固和恶意代码防范。',
      },
      questions: [
        {
          key: 'net_01',
          type: 'yes_no',
          text: {
            en: 'Are the systems holding our personal information separated from other networks — the office network, the internet and other customers — by firewalls or security groups that deny traffic by default?',
            zh: '存有我方个人信息的系统是否通过防火墙或安全组与其他网络（办公网、互联网及其他客户环境）隔离，并采用默认拒绝的访问策略？',
          },
          help: {
            en: 'Rules should open only the ports and sources the service needs and be reviewed at least yearly. A current network diagram is good evidence.',
            zh: '访问规则应仅开放业务所需的端口和来源，并至少每年审查一次。最新的网络拓扑图是较好的证明材料。',
          },
          weight: 5,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['IVS-03', 'IVS-06'],
            iso27001: ['A.8.20', 'A.8.22'],
            pipl: ['PIPL 51'],
            other: ['CSL 21'],
          },
        },
        {
          key: 'net_02',
          type: 'yes_no',
          text: {
            en: 'Are production, test and development environments kept apart, so that developers cannot reach production data by default and test systems hold no real personal information?',
            zh: '生产、测试和开发环境是否相互隔离，开发人员默认无法访问生产数据，且测试系统中不含真实个人信息？',
          },
          help: {
            en: 'Using copies of our production data for testing without our written approval counts as no, even if the copy is later deleted.',
            zh: '未经我方书面同意将生产数据副本用于测试的，即使事后删除，也请选择“否”。',
          },
          weight: 4,
          required: true,
          evidence: 'none',
          controls: {
            ccm: ['IVS-05', 'DSP-15'],
            iso27001: ['A.8.31', 'A.8.33'],
            pipl: ['PIPL 51'],
          },
        },
        {
          key: 'net_03',
          type: 'yes_no',
          text: {
            en: 'Do you run intrusion detection or prevention — network-based, host-based or a cloud provider’s equivalent — for the systems holding our personal information, with alerts handled by staff?',
            zh: '对于存有我方个人信息的系统，贵公司是否部署了入侵检测或防御措施（网络层、主机层或云服务商提供的同类服务），并由专人处理告警？',
          },
          help: {
            en: 'Also tell us whether internet-facing services sit behind a web application firewall and have protection against denial-of-service attacks.',
            zh: '请同时说明面向互联网的服务是否部署了Web应用防火墙（WAF）和抗DDoS防护。',
          },
          weight: 4,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['IVS-09'],
            iso27001: ['A.8.16', 'A.8.20'],
            pipl: ['PIPL 51'],
            other: ['CSL 21'],
          },
        },
        {
          key: 'net_04',
          type: 'yes_no',
          text: {
            en: 'Are servers, databases, containers and network devices set up from a written hardening baseline (default passwords changed, unused services switched off), and do you check for drift from that baseline?',
            zh: '服务器、数据库、容器和网络设备是否依据书面安全基线进行加固（如修改默认口令、关闭不必要的服务），并检查配置是否偏离基线？',
          },
          help: {
            en: 'Name the baseline you follow, for example the CIS Benchmarks or the MLPS baseline requirements (GB/T 22239-2019).',
            zh: '请说明所依据的基线，例如CIS基准或网络安全等级保护基本要求（GB/T 22239-2019）。',
          },
          weight: 4,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['IVS-04'],
            iso27001: ['A.8.9'],
            pipl: ['PIPL 51'],
            other: ['CSL 21'],
          },
        },
        {
          key: 'net_05',
          type: 'yes_no',
          text: {
            en: 'Is anti-malware or endpoint detection and response software installed on every server and workstation where this is technically possible, with signatures and rules updated automatically?',
            zh: '在技术可行的所有服务器和终端上，是否均安装了防恶意代码软件或终端检测与响应（EDR）工具，并自动更新特征库和检测规则？',
          },
          weight: 4,
          required: true,
          evidence: 'none',
          controls: {
            ccm: ['TVM-02', 'TVM-04', 'UEM-09'],
            iso27001: ['A.8.7'],
            pipl: ['PIPL 51'],
            other: ['CSL 21'],
          },
        },
      ],
    },

    // 6 ─────────────────────────────────────────────────────────────────────────────────────────
    {
      key: 'logging',
      title: { en: 'Logging and monitoring', zh: '日志与监控' },
      description: {
        en: 'What is recorded about access to our personal information, how it is watched, how long it is kept and how it is protected.',
        zh: '对我方个人信息的访问如何记录、监控，日志保存多久以及如何保护。',
      },
      questions: [
        {
          key: 'log_01',
          type: 'yes_no',
          text: {
            en: 'Do your systems log successful and failed sign-ins, permission changes and administrator actions, with the user, time, source and result?',
            zh: '贵公司的系统是否记录成功及失败的登录、权限变更和管理员操作，并包含用户、时间、来源和操作结果等信息？',
          },
          weight: 4,
          required: true,
          evidence: 'none',
          controls: {
            ccm: ['LOG-07', 'LOG-08'],
            iso27001: ['A.8.15'],
            pipl: ['PIPL 51'],
            other: ['MVSP 2.7', 'CSL 21'],
          },
        },
        {
          key: 'log_02',
          type: 'yes_no',
          text: {
            en: 'Are views, exports, changes and deletions of our personal information logged so that you can tell who accessed which records, and when?',
            zh: '对我方个人信息的查询、导出、修改和删除操作是否均有日志记录，能够追溯到何人在何时访问了哪些记录？',
          },
          help: {
            en: 'Bulk exports and queries returning many records matter most. Say in the comment whether this is logged in the application or only at database level.',
            zh: '批量导出和返回大量记录的查询尤为重要。请在备注中说明此类日志是在应用层记录，还是仅在数据库层记录。',
          },
          weight: 5,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['LOG-07', 'LOG-08'],
            iso27001: ['A.8.15'],
            pipl: ['PIPL 51'],
            other: ['MVSP 2.7'],
          },
        },
        {
          key: 'log_03',
          type: 'yes_no',
          text: {
            en: 'Are logs collected centrally and monitored, with alerts for suspicious activity — repeated failed sign-ins, unusual bulk exports, access at odd hours — that someone acts on?',
            zh: '日志是否集中收集并持续监控，对可疑活动（如连续登录失败、异常批量导出、非工作时间访问）设置告警并有专人跟进处置？',
          },
          help: {
            en: 'Say whether monitoring runs around the clock and who responds: an in-house team or a managed security service.',
            zh: '请说明是否7×24小时监控，以及由谁响应告警：内部团队还是托管安全服务商。',
          },
          weight: 4,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['LOG-03', 'LOG-05'],
            iso27001: ['A.8.16'],
            pipl: ['PIPL 51'],
            other: ['CSL 21'],
          },
        },
        {
          key: 'log_04',
          type: 'single_choice',
          text: {
            en: 'How long are security and access logs for the systems holding our personal information kept?',
            zh: '存有我方个人信息之系统的安全日志和访问日志保存多长时间？',
          },
          help: {
            en: "China's Cybersecurity Law (Art. 21) requires network logs to be kept for at least six months. Logs often contain personal information themselves, so they should not be kept much longer than needed either.",
            zh: '《网络安全法》第二十一条要求网络日志留存不少于六个月。日志本身往往也含有个人信息，因此保存期限也不宜远超必要限度。',
          },
          options: [
            { value: 'under_6_months', label: { en: 'Less than 6 months', zh: '不足6个月' }, score: 0 },
            { value: 'months_6_to_12', label: { en: '6 to 12 months', zh: '6至12个月' }, score: 1 },
            { value: 'over_12_months', label: { en: 'More than 12 months', zh: '12个月以上' }, score: 1 },
          ],
          weight: 4,
          required: true,
          evidence: 'none',
          controls: {
            ccm: ['LOG-02'],
            iso27001: ['A.8.15'],
            pipl: ['PIPL 51'],
            other: ['CSL 21'],
          },
        },
        {
          key: 'log_05',
          type: 'yes_no',
          text: {
            en: 'Are logs protected against alteration and deletion, including by the administrators of the systems being logged, and are system clocks synchronised to a reliable time source?',
            zh: '日志是否受到保护、防止被篡改或删除（包括被所记录系统的管理员篡改或删除），各系统时钟是否与可靠的时间源同步？',
          },
          help: {
            en: 'For example write-once storage, forwarding to a separate log platform that system administrators cannot change, or hash-chained log records.',
            zh: '例如使用一次写入型存储、将日志实时转发至系统管理员无权修改的独立日志平台，或对日志记录进行哈希链校验。',
          },
          weight: 4,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['LOG-09', 'IAM-12', 'LOG-06'],
            iso27001: ['A.8.15', 'A.8.17'],
            pipl: ['PIPL 51'],
            other: ['CSL 21'],
          },
        },
      ],
    },

    // 7 ─────────────────────────────────────────────────────────────────────────────────────────
    {
      key: 'vulnerability',
      title: { en: 'Vulnerability and patch management', zh: '漏洞与补丁管理' },
      description: {
        en: 'How weaknesses are found, tested for and fixed, including in third-party components.',
        zh: '如何发现、测试和修复安全漏洞，包括第三方组件中的漏洞。',
      },
      questions: [
        {
          key: 'vuln_01',
          type: 'yes_no',
          text: {
            en: 'Do you scan the systems and applications that process our personal information for vulnerabilities at least monthly and after significant changes?',
            zh: '贵公司是否至少每月一次、并在重大变更后，对处理我方个人信息的系统和应用进行漏洞扫描？',
          },
          weight: 4,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['TVM-07'],
            iso27001: ['A.8.8'],
            pipl: ['PIPL 51'],
            other: ['CSL 25'],
          },
        },
        {
          key: 'vuln_02',
          type: 'yes_no',
          text: {
            en: 'Is the service you provide to us penetration-tested at least once a year, and after major changes, by qualified testers who are independent of the development team?',
            zh: '贵公司为我方提供的服务是否至少每年、并在重大变更后，由独立于开发团队的专业人员进行渗透测试？',
          },
          help: {
            en: 'An external firm or an in-house red team that does not build the product both count. Automated scanning alone is not a penetration test.',
            zh: '外部专业机构或不参与产品开发的内部红队均可。仅进行自动化扫描不属于渗透测试。',
          },
          weight: 5,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['TVM-06'],
            iso27001: ['A.8.8', 'A.8.29'],
            pipl: ['PIPL 51'],
            other: ['MVSP 1.4'],
          },
        },
        {
          key: 'vuln_03',
          type: 'date',
          text: {
            en: 'Date on which the most recent penetration test was completed',
            zh: '最近一次渗透测试的完成日期',
          },
          help: {
            en: 'Use the date of the final report. We expect it to be less than twelve months ago.',
            zh: '以正式报告出具日期为准。我们期望该日期距今不超过十二个月。',
          },
          weight: 2,
          required: true,
          evidence: 'none',
          showIf: { question: 'vuln_02', anyOf: ['yes', 'partial'] },
          controls: {
            ccm: ['TVM-06'],
            iso27001: ['A.8.8'],
            pipl: [],
            other: ['MVSP 1.4'],
          },
        },
        {
          key: 'vuln_04',
          type: 'file',
          text: {
            en: 'Upload a summary of the latest penetration test: scope, dates, who tested, findings by severity and how far each has been fixed.',
            zh: '请上传最近一次渗透测试的报告摘要，包括测试范围、时间、测试方、按严重程度统计的问题及其整改进展。',
          },
          help: {
            en: 'An executive summary or a letter of attestation from the tester is enough; we do not need the full technical report.',
            zh: '提供管理层摘要或测试方出具的测试证明函即可，无需提供完整的技术报告。',
          },
          weight: 3,
          required: true,
          evidence: 'required',
          showIf: { question: 'vuln_02', anyOf: ['yes', 'partial'] },
          controls: {
            ccm: ['TVM-06'],
            iso27001: ['A.8.8'],
            pipl: [],
            other: ['MVSP 1.4'],
          },
        },
        {
          key: 'vuln_05',
          type: 'single_choice',
          text: {
            en: 'Within what time do you fix critical vulnerabilities in internet-facing systems that process our personal information?',
            zh: '对于处理我方个人信息且面向互联网的系统，贵公司修复严重（Critical）级别漏洞的时限是多少？',
          },
          help: {
            en: 'List the deadlines your vulnerability management policy sets for each severity in the comment. We look for critical issues fixed within days and high ones within 30 days.',
            zh: '请在备注中列出贵公司漏洞管理制度对各级别漏洞规定的修复时限。我们期望严重漏洞在数日内修复、高危漏洞在30日内修复。',
          },
          options: [
            { value: 'within_7_days', label: { en: 'Within 7 days', zh: '7日内' }, score: 1 },
            { value: 'within_30_days', label: { en: 'Within 30 days', zh: '30日内' }, score: 0.5 },
            { value: 'within_90_days', label: { en: 'Within 90 days', zh: '90日内' }, score: 0.2 },
            { value: 'no_deadline', label: { en: 'No set deadline', zh: '未规定时限' }, score: 0 },
          ],
          weight: 4,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['TVM-03', 'TVM-08'],
            iso27001: ['A.8.8'],
            pipl: ['PIPL 51'],
            other: ['MVSP 3.4', 'CSL 25'],
          },
        },
        {
          key: 'vuln_06',
          type: 'yes_no',
          text: {
            en: 'Do you keep track of the third-party and open-source components in your software and update them when security fixes are released?',
            zh: '贵公司是否掌握其软件所使用的第三方及开源组件，并在相关安全补丁发布后及时更新？',
          },
          help: {
            en: 'For example a software bill of materials with automated dependency scanning in the build pipeline. Patching of operating systems and middleware counts too.',
            zh: '例如维护软件物料清单（SBOM），并在构建流水线中进行自动化依赖扫描。操作系统和中间件的补丁更新也包括在内。',
          },
          weight: 4,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['TVM-05'],
            iso27001: ['A.8.8'],
            pipl: ['PIPL 51'],
            other: ['MVSP 2.6', 'OWASP Top 10 2021 A06'],
          },
        },
      ],
    },

    // 8 ─────────────────────────────────────────────────────────────────────────────────────────
    {
      key: 'incident_response',
      title: { en: 'Incident response', zh: '安全事件响应' },
      description: {
        en: 'How you prepare for, handle and tell us about security incidents and personal-information breaches.',
        zh: '贵公司如何防备、处置安全事件和个人信息泄露事件，并向我方通报。',
      },
      questions: [
        {
          key: 'ir_01',
          type: 'yes_no',
          text: {
            en: 'Do you have a written incident response plan that covers personal-information breaches — including containment, evidence preservation and contacts for customers and regulators — and has it been exercised in the last twelve months?',
            zh: '贵公司是否制定了涵盖个人信息泄露事件的书面应急预案（包括事件控制、证据保全以及客户和监管部门的联系方式），并在过去十二个月内进行过演练？',
          },
          help: {
            en: 'A tabletop exercise counts. Upload the plan, or its table of contents, and the record of the latest exercise. The Cybersecurity Law (Art. 25) and PIPL Art. 51 both require an incident response plan.',
            zh: '桌面推演亦可。请上传应急预案（或其目录）及最近一次演练的记录。《网络安全法》第二十五条和《个人信息保护法》第五十一条均要求制定安全事件应急预案。',
          },
          weight: 5,
          required: true,
          evidence: 'required',
          controls: {
            ccm: ['SEF-01', 'SEF-03', 'SEF-04', 'SEF-08'],
            iso27001: ['A.5.24', 'A.5.26', 'A.5.28'],
            pipl: ['PIPL 51'],
            other: ['CSL 25'],
          },
        },
        {
          key: 'ir_02',
          type: 'yes_no',
          text: {
            en: 'Do your staff know how to report a suspected security incident or data leak, and is the reporting channel watched at all times?',
            zh: '员工是否清楚如何报告疑似安全事件或数据泄露，报告渠道是否全天候有人值守？',
          },
          weight: 3,
          required: true,
          evidence: 'none',
          controls: {
            ccm: ['SEF-01'],
            iso27001: ['A.6.8', 'A.5.25'],
            pipl: ['PIPL 51'],
          },
        },
        {
          key: 'ir_03',
          type: 'number',
          text: {
            en: 'Within how many hours of becoming aware of a breach affecting our personal information will you notify us?',
            zh: '在知悉涉及我方个人信息的泄露事件后，贵公司将在多少小时内通知我方？',
          },
          help: {
            en: 'Give the commitment you are prepared to put in the contract. We generally expect 24 hours or less, so that we can meet our own duties under PIPL Art. 57 and, for EU personal data, the 72-hour deadline of GDPR Art. 33.',
            zh: '请填写贵公司愿意写入合同的承诺时限。我们一般期望不超过24小时，以便我方履行《个人信息保护法》第五十七条规定的义务；涉及欧盟个人数据的，还须满足GDPR第33条规定的72小时时限。',
          },
          weight: 5,
          required: true,
          evidence: 'none',
          controls: {
            ccm: ['SEF-07'],
            iso27001: ['A.5.24', 'A.5.26'],
            pipl: ['PIPL 57', 'PIPL 59'],
            other: ['GDPR 33(2)', 'MVSP 1.7', 'CSL 42'],
          },
        },
        {
          key: 'ir_04',
          type: 'yes_no',
          text: {
            en: 'Will your breach notice to us contain what PIPL Art. 57 requires: the categories of personal information involved, the cause and possible harm, the remedial steps you have taken, what individuals can do to reduce harm, and how to contact you?',
            zh: '贵公司向我方发出的事件通知是否包含《个人信息保护法》第五十七条要求的内容：涉及的个人信息种类、事件原因和可能造成的危害、已采取的补救措施、个人可以采取的减轻危害的措施，以及联系方式？',
          },
          help: {
            en: 'Also say whether you will report the number of individuals affected and keep us updated while the investigation continues. Your notice template is good evidence.',
            zh: '请同时说明是否会告知受影响的个人数量，并在调查期间持续向我方通报进展。事件通知模板是较好的证明材料。',
          },
          weight: 4,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['SEF-07'],
            iso27001: ['A.5.26'],
            pipl: ['PIPL 57'],
            other: ['GDPR 33(3)'],
          },
        },
        {
          key: 'ir_05',
          type: 'yes_no',
          text: {
            en: 'In the last 36 months, have you had a security incident in which personal information was, or may have been, leaked, altered or lost, or which you had to report to a regulator?',
            zh: '在过去36个月内，贵公司是否发生过导致或可能导致个人信息泄露、篡改、丢失，或需要向监管部门报告的安全事件？',
          },
          help: {
            en: 'This question is not scored: answering yes does not lower your score. We want to understand what happened and what changed afterwards.',
            zh: '本题不计分，回答“是”不会降低评分。我们希望了解事件经过以及此后采取的改进措施。',
          },
          weight: 0,
          required: true,
          evidence: 'none',
          controls: {
            ccm: ['SEF-07'],
            iso27001: ['A.5.27'],
            pipl: ['PIPL 57'],
          },
        },
        {
          key: 'ir_06',
          type: 'long_text',
          text: {
            en: 'Describe each of these incidents: when it happened, which data and how many individuals were affected, whether regulators or individuals were notified, and what you changed afterwards.',
            zh: '请逐一说明上述事件：发生时间、涉及的数据及个人数量、是否已通知监管部门或相关个人，以及事后采取的改进措施。',
          },
          weight: 2,
          required: true,
          evidence: 'optional',
          showIf: { question: 'ir_05', anyOf: ['yes', 'partial'] },
          controls: {
            ccm: ['SEF-07'],
            iso27001: ['A.5.27'],
            pipl: ['PIPL 57'],
          },
        },
      ],
    },

    // 9 ─────────────────────────────────────────────────────────────────────────────────────────
    {
      key: 'continuity',
      title: { en: 'Business continuity and backup', zh: '业务连续性与备份' },
      description: {
        en: 'How the service and our data survive outages and disasters, and how quickly they come back.',
        zh: '服务和我方数据如何应对故障和灾难，以及恢复所需的时间。',
      },
      questions: [
        {
          key: 'bcr_01',
          type: 'yes_no',
          text: {
            en: 'Do you have a business continuity and disaster recovery plan for this service, with redundant infrastructure such as a second site or availability zone, that has been exercised in the last twelve months?',
            zh: '贵公司是否针对该服务制定了业务连续性和灾难恢复计划，具备冗余基础设施（如第二站点或可用区），并在过去十二个月内进行过演练？',
          },
          help: {
            en: 'Upload a summary of the plan and the report of the latest exercise, including whether the recovery targets were met.',
            zh: '请上传计划摘要及最近一次演练的报告，包括是否达到既定的恢复目标。',
          },
          weight: 4,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['BCR-06', 'BCR-09', 'BCR-10', 'BCR-11'],
            iso27001: ['A.5.29', 'A.5.30', 'A.8.14'],
            pipl: [],
            other: ['MVSP 4.4'],
          },
        },
        {
          key: 'bcr_02',
          type: 'single_choice',
          text: {
            en: 'How often is our personal information backed up?',
            zh: '我方个人信息的备份频率是多少？',
          },
          help: {
            en: 'Count backups of the systems that hold our data, including database transaction-log backups.',
            zh: '按存有我方数据之系统的备份计算，包括数据库事务日志备份。',
          },
          options: [
            {
              value: 'continuous',
              label: { en: 'Continuously or at least hourly', zh: '实时或至少每小时' },
              score: 1,
            },
            { value: 'daily', label: { en: 'Daily', zh: '每天' }, score: 1 },
            { value: 'weekly', label: { en: 'Weekly', zh: '每周' }, score: 0.5 },
            { value: 'less_often', label: { en: 'Less often than weekly', zh: '低于每周一次' }, score: 0.2 },
            { value: 'no_backup', label: { en: 'Not backed up', zh: '不备份' }, score: 0 },
          ],
          weight: 3,
          required: true,
          evidence: 'none',
          controls: {
            ccm: ['BCR-08'],
            iso27001: ['A.8.13'],
            pipl: [],
            other: ['MVSP 4.4', 'CSL 21'],
          },
        },
        {
          key: 'bcr_03',
          type: 'yes_no',
          text: {
            en: 'Are backups encrypted, kept in a separate location from the primary systems, and protected against deletion and ransomware, for example by immutable or offline copies?',
            zh: '备份数据是否加密、与主系统异地存放，并具备防删除、防勒索的能力（例如不可变备份或离线备份）？',
          },
          help: {
            en: 'If backups are kept outside mainland China, also answer the cross-border questions in the privacy section.',
            zh: '如备份存放于中国境外，请同时回答“个人信息保护合规”部分中有关数据出境的问题。',
          },
          weight: 4,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['BCR-08', 'CEK-03'],
            iso27001: ['A.8.13', 'A.8.24'],
            pipl: ['PIPL 51'],
            other: ['CSL 21'],
          },
        },
        {
          key: 'bcr_04',
          type: 'yes_no',
          text: {
            en: 'Do you test restoring from backup at least once a year and record whether the restore met your recovery targets?',
            zh: '贵公司是否至少每年进行一次备份恢复测试，并记录恢复结果是否达到既定目标？',
          },
          weight: 4,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['BCR-08'],
            iso27001: ['A.8.13'],
            pipl: [],
            other: ['MVSP 4.4'],
          },
        },
        {
          key: 'bcr_05',
          type: 'number',
          text: {
            en: 'Recovery time objective (RTO) for the service you provide to us, in hours',
            zh: '贵公司为我方所提供服务的恢复时间目标（RTO），以小时计',
          },
          help: {
            en: 'The longest the service may be down after a disaster before it is running again. Give the figure your plan is designed and tested for, not an aspiration.',
            zh: '指发生灾难后服务允许中断的最长时间。请填写业务连续性计划据以设计并经测试验证的数值，而非期望值。',
          },
          weight: 2,
          required: true,
          evidence: 'none',
          controls: {
            ccm: ['BCR-09'],
            iso27001: ['A.5.30'],
            pipl: [],
          },
        },
        {
          key: 'bcr_06',
          type: 'number',
          text: {
            en: 'Recovery point objective (RPO), in hours',
            zh: '恢复点目标（RPO），以小时计',
          },
          help: {
            en: 'The most data, measured in time, that could be lost in a disaster. Enter 0 if no loss of data is accepted.',
            zh: '指发生灾难时可能丢失的最大数据量（以时间计）。如不接受任何数据丢失，请填0。',
          },
          weight: 2,
          required: false,
          evidence: 'none',
          controls: {
            ccm: ['BCR-08', 'BCR-09'],
            iso27001: ['A.5.30', 'A.8.13'],
            pipl: [],
          },
        },
      ],
    },

    // 10 ────────────────────────────────────────────────────────────────────────────────────────
    {
      key: 'subprocessors',
      title: { en: 'Subprocessors', zh: '转委托处理' },
      description: {
        en: 'Third parties that process our personal information for you, and how you choose, bind and check them.',
        zh: '代表贵公司处理我方个人信息的第三方，以及贵公司如何选择、约束和监督这些第三方。',
      },
      questions: [
        {
          key: 'sub_01',
          type: 'yes_no',
          text: {
            en: 'Do any third parties — including cloud hosting providers and companies in your own group — store, access or otherwise process our personal information on your behalf?',
            zh: '是否有任何第三方（包括云服务商及贵公司的关联公司）代表贵公司存储、访问或以其他方式处理我方个人信息？',
          },
          help: {
            en: 'Answer yes even if a third party only hosts encrypted data or provides technical support. The following questions appear only if you answer yes.',
            zh: '即使第三方仅托管加密数据或提供技术支持，也请选择“是”。后续问题仅在选择“是”时显示。',
          },
          weight: 0,
          required: true,
          evidence: 'none',
          controls: {
            ccm: ['DSP-13', 'STA-07'],
            iso27001: ['A.5.19'],
            pipl: ['PIPL 21'],
          },
        },
        {
          key: 'sub_02',
          type: 'long_text',
          text: {
            en: 'List each subprocessor with its legal name, the service it performs, the personal information it can access, and the country or region where it processes the data.',
            zh: '请列出每一家转委托处理方的法定名称、所提供的服务、可接触的个人信息，以及其处理数据所在的国家或地区。',
          },
          help: {
            en: 'You may upload your published subprocessor list instead and refer to it here.',
            zh: '也可上传贵公司已公布的转委托处理方清单，并在此处注明。',
          },
          weight: 3,
          required: true,
          evidence: 'optional',
          showIf: { question: 'sub_01', anyOf: ['yes', 'partial'] },
          controls: {
            ccm: ['DSP-14', 'STA-07', 'DSP-19'],
            iso27001: ['A.5.19'],
            pipl: ['PIPL 21'],
            other: ['GDPR 28(2)', 'MVSP 4.3'],
          },
        },
        {
          key: 'sub_03',
          type: 'yes_no',
          text: {
            en: 'Do you obtain our prior written consent before adding or replacing a subprocessor that handles our personal information, leaving us time to object?',
            zh: '在新增或更换处理我方个人信息的转委托处理方之前，贵公司是否事先取得我方书面同意，并给予我方提出异议的时间？',
          },
          help: {
            en: 'Under PIPL Art. 21 an entrusted party may not pass processing on to others without the consent of the personal-information handler; GDPR Art. 28(2) says the same for EU personal data.',
            zh: '《个人信息保护法》第二十一条规定，未经个人信息处理者同意，受托人不得转委托他人处理个人信息；GDPR第28条第2款对欧盟个人数据有相同要求。',
          },
          weight: 5,
          required: true,
          evidence: 'none',
          showIf: { question: 'sub_01', anyOf: ['yes', 'partial'] },
          controls: {
            ccm: ['DSP-13', 'DSP-14'],
            iso27001: ['A.5.20'],
            pipl: ['PIPL 21'],
            other: ['GDPR 28(2)'],
          },
        },
        {
          key: 'sub_04',
          type: 'yes_no',
          text: {
            en: 'Do your contracts with subprocessors impose data protection and security obligations at least as strict as the ones you accept towards us, including deletion at the end of the service and audit rights?',
            zh: '贵公司与转委托处理方签订的合同，是否规定了不低于贵公司对我方所承担的数据保护和安全义务，包括服务结束后删除数据以及接受审计等？',
          },
          help: {
            en: 'Upload the data processing agreement you use with subprocessors; a template with the commercial terms removed is fine.',
            zh: '请上传贵公司与转委托处理方使用的数据处理协议，可提供删去商业条款的模板。',
          },
          weight: 4,
          required: true,
          evidence: 'required',
          showIf: { question: 'sub_01', anyOf: ['yes', 'partial'] },
          controls: {
            ccm: ['STA-09', 'DSP-13'],
            iso27001: ['A.5.20', 'A.5.21'],
            pipl: ['PIPL 21'],
            other: ['GDPR 28(4)'],
          },
        },
        {
          key: 'sub_05',
          type: 'single_choice',
          text: {
            en: 'How often do you reassess the security and personal-information protection of your subprocessors?',
            zh: '贵公司多久对转委托处理方的安全与个人信息保护状况重新评估一次？',
          },
          help: {
            en: 'An assessment may be a questionnaire like this one, a review of their certificates and audit reports, or an on-site audit.',
            zh: '评估形式可以是类似本问卷的调查、审阅其认证证书和审计报告，或现场审计。',
          },
          options: [
            { value: 'yearly', label: { en: 'At least once a year', zh: '至少每年一次' }, score: 1 },
            { value: 'every_two_years', label: { en: 'Every two years', zh: '每两年一次' }, score: 0.5 },
            {
              value: 'onboarding_only',
              label: { en: 'Only when they are first engaged', zh: '仅在初次引入时评估' },
              score: 0.2,
            },
            { value: 'never', label: { en: 'Not assessed', zh: '未进行评估' }, score: 0 },
          ],
          weight: 4,
          required: true,
          evidence: 'optional',
          showIf: { question: 'sub_01', anyOf: ['yes', 'partial'] },
          controls: {
            ccm: ['STA-08', 'STA-14'],
            iso27001: ['A.5.19', 'A.5.22'],
            pipl: ['PIPL 21'],
          },
        },
      ],
    },

    // 11 ────────────────────────────────────────────────────────────────────────────────────────
    {
      key: 'retention',
      title: { en: 'Retention and deletion', zh: '保存期限与删除' },
      description: {
        en: 'Knowing what you hold, keeping it no longer than needed, and returning or deleting it when the service ends.',
        zh: '掌握所持有的数据，不超期保存，并在服务结束时返还或删除。',
      },
      questions: [
        {
          key: 'ret_01',
          type: 'yes_no',
          text: {
            en: 'Do you keep an up-to-date inventory of the personal information you process for us, showing categories, systems, locations, purposes and retention periods?',
            zh: '贵公司是否维护一份最新的我方个人信息清单，记录信息类别、所在系统、存储位置、处理目的和保存期限？',
          },
          help: {
            en: 'A record of processing activities or a data map covering our service is good evidence.',
            zh: '涵盖我方服务的个人信息处理活动记录或数据资产地图是较好的证明材料。',
          },
          weight: 4,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['DSP-03'],
            iso27001: ['A.5.9'],
            pipl: ['PIPL 51'],
          },
        },
        {
          key: 'ret_02',
          type: 'yes_no',
          text: {
            en: 'Do you keep our personal information only as long as the agreed service requires, and delete or anonymise it automatically when that period ends?',
            zh: '贵公司是否仅在约定服务所需的期限内保存我方个人信息，并在期限届满时自动删除或匿名化处理？',
          },
          help: {
            en: 'PIPL Art. 19 limits retention to the shortest period needed for the purpose. Tell us about any copies you must keep for legal reasons, and for how long.',
            zh: '《个人信息保护法》第十九条规定，个人信息的保存期限应当为实现处理目的所必要的最短时间。如依法须保留部分数据，请说明保留的内容和期限。',
          },
          weight: 4,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['DSP-16'],
            iso27001: ['A.8.10'],
            pipl: ['PIPL 19', 'PIPL 21'],
          },
        },
        {
          key: 'ret_03',
          type: 'yes_no',
          text: {
            en: 'When our contract ends — or turns out to be void, is revoked or is terminated early — will you return our personal information or delete it, including from backups within an agreed time, and keep no copies?',
            zh: '合同终止时（包括合同未生效、无效、被撤销或提前终止的情形），贵公司是否将我方个人信息返还我方或予以删除（备份中的数据在约定时限内删除），且不保留任何副本？',
          },
          help: {
            en: 'This is an express duty of an entrusted party under PIPL Art. 21. Say how long it takes for the data to disappear from backups.',
            zh: '这是《个人信息保护法》第二十一条对受托人的明确要求。请说明备份中的数据需要多长时间才能彻底清除。',
          },
          weight: 5,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['DSP-16', 'DSP-02'],
            iso27001: ['A.8.10'],
            pipl: ['PIPL 21', 'PIPL 47'],
            other: ['GDPR 28(3)(g)'],
          },
        },
        {
          key: 'ret_04',
          type: 'yes_no',
          text: {
            en: 'Will you give us a written deletion certificate, signed by a responsible person, stating what was deleted, how and when?',
            zh: '贵公司是否会向我方出具由负责人签字的数据删除证明，写明删除的内容、方式和时间？',
          },
          weight: 3,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['DSP-16'],
            iso27001: ['A.8.10'],
            pipl: ['PIPL 21', 'PIPL 47'],
          },
        },
      ],
    },

    // 12 ────────────────────────────────────────────────────────────────────────────────────────
    {
      key: 'privacy',
      title: { en: 'Privacy compliance', zh: '个人信息保护合规' },
      description: {
        en: "Processing only as instructed, sensitive personal information, individuals' rights, impact assessments, data location and transfers out of China.",
        zh: '按约定处理、敏感个人信息、个人权利响应、影响评估、数据存储地点以及数据出境。',
      },
      questions: [
        {
          key: 'priv_01',
          type: 'yes_no',
          text: {
            en: 'Do you process our personal information only on our documented instructions and for the agreed purposes — never for purposes of your own such as marketing, analytics or training AI models — and tell us if an instruction seems unlawful?',
            zh: '贵公司是否仅按照我方书面指示、为约定目的处理我方个人信息，不将其用于自身目的（如营销、数据分析或训练人工智能模型），并在认为我方指示可能违法时及时告知我方？',
          },
          help: {
            en: 'PIPL Art. 21 forbids an entrusted party to process personal information beyond the agreed purpose and method. If you use aggregated or anonymised data for your own purposes, explain how it is anonymised.',
            zh: '《个人信息保护法》第二十一条规定，受托人不得超出约定的处理目的、处理方式等处理个人信息。如贵公司将汇总或匿名化数据用于自身目的，请说明匿名化方法。',
          },
          weight: 5,
          required: true,
          evidence: 'none',
          controls: {
            ccm: ['DSP-12'],
            iso27001: ['A.5.34'],
            pipl: ['PIPL 21'],
            other: ['GDPR 28(3)(a)'],
          },
        },
        {
          key: 'priv_02',
          type: 'yes_no',
          text: {
            en: 'If you process sensitive personal information for us, do you protect it more strictly — tighter access, field-level encryption, additional logging — and help us meet the separate-consent and notice rules that apply to it?',
            zh: '如贵公司为我方处理敏感个人信息，是否采取更严格的保护措施（如更严格的访问控制、字段级加密、额外的日志记录），并协助我方落实单独同意和告知等要求？',
          },
          help: {
            en: 'Sensitive personal information under PIPL Art. 28 includes biometrics, religious beliefs, specific identities, medical and health data, financial accounts, location tracks and all personal information of children under 14. Arts. 29–31 require separate consent, a notice of necessity and impact, and parental consent for children; Art. 32 covers any licences needed. Choose n.a. if you process none.',
            zh: '依据《个人信息保护法》第二十八条，敏感个人信息包括生物识别、宗教信仰、特定身份、医疗健康、金融账户、行踪轨迹等信息，以及不满十四周岁未成年人的个人信息。第二十九条至第三十一条要求取得单独同意、告知处理的必要性及对个人权益的影响，处理儿童个人信息须取得其父母或其他监护人的同意；第三十二条涉及相关行政许可。如不处理敏感个人信息，请选择“不适用”。',
          },
          weight: 5,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['DSP-17'],
            iso27001: ['A.5.34'],
            pipl: ['PIPL 28', 'PIPL 29', 'PIPL 30', 'PIPL 31', 'PIPL 32'],
          },
        },
        {
          key: 'priv_03',
          type: 'yes_no',
          text: {
            en: "Can you help us, within agreed times, to answer individuals' requests to see, copy, correct, delete or transfer their personal information, or to withdraw consent?",
            zh: '贵公司能否在约定时限内协助我方响应个人提出的查阅、复制、更正、删除、转移其个人信息或撤回同意的请求？',
          },
          help: {
            en: 'PIPL Arts. 44–50 give individuals these rights, and Art. 59 requires an entrusted party to help the handler fulfil them. Tell us how requests reach you, how quickly you act, and whether you pass on to us requests that come to you directly.',
            zh: '《个人信息保护法》第四十四条至第五十条规定了个人的上述权利，第五十九条要求受托人协助个人信息处理者履行相应义务。请说明请求如何传递给贵公司、处理时效，以及贵公司直接收到请求时是否转交我方。',
          },
          weight: 4,
          required: true,
          evidence: 'none',
          controls: {
            ccm: ['DSP-11'],
            iso27001: ['A.5.34'],
            pipl: ['PIPL 44', 'PIPL 45', 'PIPL 46', 'PIPL 47', 'PIPL 48', 'PIPL 50', 'PIPL 59'],
            other: ['GDPR 28(3)(e)'],
          },
        },
        {
          key: 'priv_04',
          type: 'yes_no',
          text: {
            en: 'Do you carry out a personal-information protection impact assessment before new or changed processing that carries higher risk, and will you give us what we need for our own assessments?',
            zh: '在开展风险较高的新增或变更处理活动之前，贵公司是否进行个人信息保护影响评估，并向我方提供开展自身评估所需的信息？',
          },
          help: {
            en: 'PIPL Art. 55 requires an assessment beforehand when, among other cases, sensitive personal information is processed, processing is entrusted to others, data is provided to third parties or transferred abroad. Art. 56 sets what the assessment must cover and requires the report to be kept for at least three years.',
            zh: '《个人信息保护法》第五十五条规定，处理敏感个人信息、委托处理、向他人提供或向境外提供个人信息等情形，应当事前进行个人信息保护影响评估；第五十六条规定了评估内容，并要求评估报告和处理情况记录至少保存三年。',
          },
          weight: 4,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['DSP-09'],
            iso27001: ['A.5.34'],
            pipl: ['PIPL 55', 'PIPL 56', 'PIPL 59'],
            other: ['GDPR 28(3)(f)', 'GDPR 35'],
          },
        },
        {
          key: 'priv_05',
          type: 'long_text',
          text: {
            en: 'Where is our personal information stored, and from where is it accessed? Give the country or region, city and data centre or cloud region, including backups and remote support.',
            zh: '我方个人信息存储于何处、从何处访问？请写明国家或地区、城市及机房或云服务区域，包括备份地点和远程运维支持的所在地。',
          },
          help: {
            en: 'Name the cloud provider and region, for example "Alibaba Cloud cn-shanghai". Remote access from another country counts as a location.',
            zh: '请写明云服务商及区域，例如“阿里云华东2（上海）”。从其他国家或地区远程访问也视为数据所在地之一。',
          },
          weight: 2,
          required: true,
          evidence: 'none',
          controls: {
            ccm: ['DSP-19', 'DSP-05'],
            iso27001: ['A.5.34'],
            pipl: ['PIPL 38', 'PIPL 40'],
          },
        },
        {
          key: 'priv_06',
          type: 'yes_no',
          text: {
            en: 'Is any of our personal information stored outside mainland China, or accessible from outside it — including by overseas group companies, support staff or subprocessors?',
            zh: '我方个人信息是否有任何部分存储于中国境外，或可从境外访问（包括境外关联公司、运维支持人员或转委托处理方的访问）？',
          },
          help: {
            en: 'For this question Hong Kong, Macao and Taiwan count as outside mainland China. Access from abroad is a transfer even if the data stays on servers in China. This question is not scored.',
            zh: '就本题而言，香港、澳门和台湾地区视为境外。即使数据存储在境内服务器上，从境外访问也构成数据出境。本题不计分。',
          },
          weight: 0,
          required: true,
          evidence: 'none',
          controls: {
            ccm: ['DSP-10', 'DSP-19'],
            iso27001: ['A.5.14'],
            pipl: ['PIPL 38'],
          },
        },
        {
          key: 'priv_07',
          type: 'multi_choice',
          text: {
            en: 'Which legal mechanism covers the transfer of our personal information out of mainland China?',
            zh: '我方个人信息出境所依据的合规路径是什么？',
          },
          help: {
            en: 'Tell us which party is the exporter, and upload the approval notice, certificate or filing record. If you rely on an exemption, say which one. For EU personal data, also name the GDPR Chapter V transfer tool.',
            zh: '请说明由哪一方作为数据出境方，并上传评估通过通知、认证证书或备案材料。如适用豁免情形，请说明具体情形。涉及欧盟个人数据的，请一并说明依据GDPR第五章采用的传输工具。',
          },
          options: [
            {
              value: 'cac_assessment',
              label: {
                en: 'Security assessment passed with the Cyberspace Administration of China',
                zh: '已通过国家网信部门组织的数据出境安全评估',
              },
              score: 1,
            },
            {
              value: 'certification',
              label: {
                en: 'Personal-information protection certification by an accredited body',
                zh: '已经专业机构进行个人信息保护认证',
              },
              score: 1,
            },
            {
              value: 'standard_contract',
              label: {
                en: 'Standard contract for outbound transfer of personal information, filed with the provincial cyberspace authority',
                zh: '已订立个人信息出境标准合同，并向省级网信部门备案',
              },
              score: 1,
            },
            {
              value: 'exemption',
              label: {
                en: 'An exemption under the Provisions on Promoting and Regulating Cross-Border Data Flows (2024)',
                zh: '适用《促进和规范数据跨境流动规定》（2024年）规定的豁免情形',
              },
              score: 0.8,
            },
            {
              value: 'none_yet',
              label: { en: 'No mechanism in place yet', zh: '尚未落实合规路径' },
              score: 0,
            },
          ],
          weight: 5,
          required: true,
          evidence: 'required',
          showIf: { question: 'priv_06', anyOf: ['yes', 'partial'] },
          controls: {
            ccm: ['DSP-10'],
            iso27001: ['A.5.14', 'A.5.31'],
            pipl: ['PIPL 38', 'PIPL 39', 'PIPL 40'],
            other: ['GDPR 46'],
          },
        },
        {
          key: 'priv_08',
          type: 'yes_no',
          text: {
            en: 'If a foreign court, law-enforcement body or other authority demands our personal information stored in China, will you refuse unless the competent Chinese authority has approved it, and tell us promptly unless the law forbids you to?',
            zh: '如境外法院、执法机构或其他机关要求调取存储于中国境内的我方个人信息，贵公司是否会在未经中国主管机关批准的情况下拒绝提供，并在法律允许的范围内及时告知我方？',
          },
          help: {
            en: 'PIPL Art. 41 and Data Security Law Art. 36 forbid providing data stored in China to foreign judicial or law-enforcement bodies without approval of the competent Chinese authorities. In the comment, also describe how you handle requests from Chinese authorities.',
            zh: '《个人信息保护法》第四十一条和《数据安全法》第三十六条规定，非经中华人民共和国主管机关批准，不得向外国司法或者执法机构提供存储于境内的个人信息或数据。请在备注中一并说明贵公司如何处理境内机关的调取请求。',
          },
          weight: 4,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['DSP-18'],
            iso27001: ['A.5.31', 'A.5.34'],
            pipl: ['PIPL 41'],
            other: ['DSL 36'],
          },
        },
      ],
    },

    // 13 ────────────────────────────────────────────────────────────────────────────────────────
    {
      key: 'physical',
      title: { en: 'Physical security', zh: '物理安全' },
      description: {
        en: 'Protection of the offices and facilities where our personal information can be reached, and of equipment at the end of its life.',
        zh: '可接触我方个人信息的办公场所和设施的保护，以及设备报废时的处置。',
      },
      questions: [
        {
          key: 'phys_01',
          type: 'yes_no',
          text: {
            en: 'Are the offices and server rooms from which our personal information can be reached protected by controlled entry — badges or locks — limited to authorised staff, with entries recorded?',
            zh: '可接触我方个人信息的办公场所和机房是否设有门禁等受控出入措施，仅限授权人员进入，并留存出入记录？',
          },
          help: {
            en: "If you rely on a cloud provider's data centres, answer for your own offices and cite or upload the provider's certification for the data centres.",
            zh: '如使用云服务商的数据中心，请就贵公司自有办公场所作答，数据中心部分请注明或上传云服务商的相关认证。',
          },
          weight: 4,
          required: true,
          evidence: 'none',
          controls: {
            ccm: ['DCS-07', 'DCS-09', 'LOG-12'],
            iso27001: ['A.7.1', 'A.7.2', 'A.7.3'],
            pipl: ['PIPL 51'],
          },
        },
        {
          key: 'phys_02',
          type: 'yes_no',
          text: {
            en: 'Are visitors registered and identified, accompanied in areas where personal information is handled, and are those areas monitored, for example by CCTV?',
            zh: '访客是否须登记并核验身份、在处理个人信息的区域内全程陪同，这些区域是否有视频监控等监视措施？',
          },
          weight: 3,
          required: false,
          evidence: 'none',
          controls: {
            ccm: ['DCS-09', 'DCS-10'],
            iso27001: ['A.7.2', 'A.7.4'],
            pipl: ['PIPL 51'],
          },
        },
        {
          key: 'phys_03',
          type: 'yes_no',
          text: {
            en: 'Do staff follow a clear-desk and clear-screen rule: papers with personal information locked away, screens locked when unattended, printouts collected at once?',
            zh: '员工是否遵守桌面清理和屏幕锁定要求：含个人信息的纸质文件锁柜保存、离开座位时锁定屏幕、打印件及时取走？',
          },
          weight: 3,
          required: true,
          evidence: 'none',
          controls: {
            ccm: ['HRS-03'],
            iso27001: ['A.7.7'],
            pipl: ['PIPL 51'],
          },
        },
        {
          key: 'phys_04',
          type: 'yes_no',
          text: {
            en: 'When equipment or media that held our personal information is disposed of or reused, is the data destroyed so it cannot be recovered — secure wiping, degaussing or shredding — and is a record kept?',
            zh: '存储过我方个人信息的设备或介质在报废或再利用时，是否以不可恢复的方式销毁数据（如安全擦除、消磁或物理粉碎），并留存处置记录？',
          },
          help: {
            en: 'If an outside company destroys the media, keep its certificates of destruction.',
            zh: '如委托外部机构销毁介质，请留存其出具的销毁证明。',
          },
          weight: 4,
          required: true,
          evidence: 'optional',
          controls: {
            ccm: ['DCS-01', 'DSP-02'],
            iso27001: ['A.7.10', 'A.7.14'],
            pipl: ['PIPL 51'],
          },
        },
      ],
    },
  ],
};
