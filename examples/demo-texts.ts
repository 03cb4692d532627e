/**
 * @module Words for the demo generator: company and person names, titles, and ticket templates in
 * English and Chinese. Pure data; `demo-data.ts` picks from it with a seeded PRNG.
 *
 * Every company, person and domain here is fictional. Generated company domains end in `.example`
 * (Chinese companies in `.cn.example`), so no demo email can reach a real mailbox.
 *
 * Ticket templates use `{placeholders}` that `demo-data.ts` fills in: amount, invoice, count, idp,
 * status, endpoint, integration, report, time, agent. A template must use only those names.
 */

export type Language = 'en' | 'zh'
export type Topic = 'billing' | 'login' | 'api' | 'integration' | 'export' | 'performance' | 'feature'

export interface TicketTemplate {
  readonly topic: Topic
  readonly subject: string
  readonly body: string
}

export interface LanguageTexts {
  /** Ordinary requests: the core of a ticket, before any mood sentence is added. */
  readonly requests: readonly TicketTemplate[]
  /** Urgent outages: "production is down", "服务中断". */
  readonly outages: readonly TicketTemplate[]
  /** Thank-you notes. */
  readonly thanks: readonly TicketTemplate[]
  /** Annoyed but with no churn language. */
  readonly frustrated: readonly string[]
  /** The customer states an intent or a step to leave. */
  readonly churnDirect: readonly string[]
  /** Known precursors of churn without a stated intent. */
  readonly churnIndirect: readonly string[]
  readonly greetings: readonly string[]
  /** `{name}` is the requester's first name (English) or full name (Chinese). */
  readonly signoffs: readonly string[]
  /** Prefix for the agent's notes of a phone call. */
  readonly callNotes: string
  readonly integrations: readonly string[]
  readonly reports: readonly string[]
  readonly agents: readonly string[]
}

export const EN: LanguageTexts = {
  requests: [
    {
      topic: 'billing',
      subject: 'Unexpected charge of {amount} on invoice {invoice}',
      body: "Our invoice {invoice} includes a charge of {amount} that we can't match to our order form. Could you explain what it covers and whether it will recur?",
    },
    {
      topic: 'billing',
      subject: 'Seat count on our latest invoice',
      body: 'We reduced our plan to {count} seats last month, but invoice {invoice} still bills the previous number. Could you check and send a corrected invoice?',
    },
    {
      topic: 'billing',
      subject: 'Change billing address and reissue invoice',
      body: 'Our accounts payable address has changed. Please update it on the account and reissue invoice {invoice} with the new address.',
    },
    {
      topic: 'billing',
      subject: 'Switch from monthly to annual billing',
      body: "We'd like to move from monthly to annual billing. What would the prorated amount be, and can the change take effect from the next cycle?",
    },
    {
      topic: 'billing',
      subject: 'Card declined on latest payment',
      body: 'Our card was declined on the latest payment attempt. We have updated the card details; can you retry the charge and confirm that nothing will be suspended?',
    },
    {
      topic: 'login',
      subject: 'SSO login failing with {idp}',
      body: "Since this morning some of our users get an 'invalid SAML response' error when they sign in through {idp}. We haven't changed anything on our side. Could you check the SSO configuration?",
    },
    {
      topic: 'login',
      subject: 'Password reset email not arriving',
      body: '{count} of our users requested a password reset and none of them received the email. We already checked the spam folders. Can you look into it?',
    },
    {
      topic: 'login',
      subject: 'How to enforce SSO for all users',
      body: 'We want to require {idp} sign-in for every user in our workspace and switch off password logins. What are the steps, and what happens to users who are signed in at the time?',
    },
    {
      topic: 'login',
      subject: 'Admin locked out after enabling 2FA',
      body: 'One of our admins turned on two-factor authentication and then lost their phone. How can we restore access to their account?',
    },
    {
      topic: 'api',
      subject: 'API returning {status} on {endpoint}',
      body: 'Requests to {endpoint} have been returning HTTP {status} for about {count} minutes. Is there a known issue? We can send request IDs if that helps.',
    },
    {
      topic: 'api',
      subject: 'Rate limits for our nightly sync',
      body: 'Our nightly sync hits the rate limit (HTTP 429) after roughly {count} thousand requests. What are the limits on our plan, and is there a bulk endpoint we should use instead?',
    },
    {
      topic: 'api',
      subject: 'Webhook deliveries delayed',
      body: 'Webhook events for new orders are arriving about {count} minutes later than last week. Has anything changed in delivery, and can we see a delivery log?',
    },
    {
      topic: 'api',
      subject: 'Rotating API keys without downtime',
      body: 'We need to rotate our API keys as part of a security review. Can the old and the new key both work for a day so that we can switch over without downtime?',
    },
    {
      topic: 'integration',
      subject: '{integration} integration stopped syncing',
      body: "Our {integration} integration stopped syncing new records yesterday. The connection page says 'connected', but nothing new has arrived since then. Could you take a look?",
    },
    {
      topic: 'integration',
      subject: 'Custom field mapping for {integration}',
      body: 'How do we map a custom field from {integration} to a field in our workspace? The mapping screen only lists the standard fields.',
    },
    {
      topic: 'integration',
      subject: 'Duplicate records after {integration} import',
      body: 'After we re-ran the {integration} import we have about {count} duplicate records. Is there a way to merge them in bulk?',
    },
    {
      topic: 'export',
      subject: 'Exporting all records to CSV',
      body: 'We need a full export of our records to CSV for an internal audit. The export button only gives us the current view. How can we export everything?',
    },
    {
      topic: 'export',
      subject: 'Scheduled export of the {report} report failed',
      body: 'Our scheduled weekly export of the {report} report failed without an error message. Can you tell us why and run it again?',
    },
    {
      topic: 'export',
      subject: 'User activity export for a compliance review',
      body: 'Our compliance team asked for an export of all user activity for the last 90 days. Is this available in the UI, or do we need to use the API?',
    },
    {
      topic: 'performance',
      subject: '{report} dashboard slow to load',
      body: 'Since Monday the {report} dashboard takes more than {count} seconds to load for everyone on our team. Other pages are fine. Is there anything we can do on our side?',
    },
    {
      topic: 'performance',
      subject: 'Search timing out in large workspaces',
      body: 'Searching across all projects times out in our larger workspaces; the smaller ones work. Could you look into it?',
    },
    {
      topic: 'feature',
      subject: 'Feature request: audit log export',
      body: 'It would help us to be able to stream the audit log to our SIEM. Is this on the roadmap?',
    },
    {
      topic: 'feature',
      subject: 'Feature request: custom roles',
      body: 'We would like a custom role that can view reports but not edit them. Is that possible today, or planned?',
    },
    {
      topic: 'feature',
      subject: 'Feature request: notifications per team',
      body: 'Could notifications be routed to a different {integration} channel for each team? At the moment everything goes to one channel.',
    },
  ],
  outages: [
    {
      topic: 'performance',
      subject: 'URGENT: production is down',
      body: 'Production is down for us. None of our users can load the app; every page has returned an error since {time} UTC. Please escalate immediately.',
    },
    {
      topic: 'performance',
      subject: 'Service unavailable for all users',
      body: 'The service is completely unavailable for our whole company since {time} UTC. Our operations team cannot work. We need someone on this right now.',
    },
    {
      topic: 'api',
      subject: 'Critical: API outage affecting checkout',
      body: 'Every call to {endpoint} fails with HTTP {status} and our checkout is down. This is a critical outage for us.',
    },
    {
      topic: 'login',
      subject: 'All users locked out',
      body: 'All our users have been locked out since {time} UTC: sign-in through {idp} fails for everyone. Please treat this as an emergency.',
    },
  ],
  thanks: [
    {
      topic: 'integration',
      subject: 'Thank you!',
      body: 'Just wanted to say thank you to {agent} for the help with our {integration} setup last week. Everything has run smoothly since.',
    },
    {
      topic: 'export',
      subject: 'Great support experience',
      body: 'The fix for our export issue works perfectly. We really appreciate how quickly your team turned this around.',
    },
    {
      topic: 'feature',
      subject: 'Kudos on the new release',
      body: 'The new reporting features are excellent and our team loves them. Thanks for listening to our feedback.',
    },
  ],
  frustrated: [
    'This is getting really frustrating.',
    'Our team is blocked until this is resolved, so a quick answer would be appreciated.',
    'I am disappointed that we still have no answer on this.',
    'We have already lost most of a day to this.',
  ],
  churnDirect: [
    'Honestly, we are evaluating alternatives.',
    'If this is not fixed, we will not renew our contract.',
    'We are considering cancelling our subscription.',
    'We have started talking to other vendors.',
    'Please send us the terms for cancelling our plan.',
  ],
  churnIndirect: [
    'This keeps happening.',
    'Frankly, it is not worth the price we pay.',
    'This is the third time this month.',
    'We are starting to lose confidence in the product.',
  ],
  greetings: ['Hi team,', 'Hello,', 'Hi support,', 'Hi there,', 'Good morning,'],
  signoffs: ['Thanks,\n{name}', 'Best,\n{name}', 'Regards,\n{name}', '{name}'],
  callNotes: 'Call notes: customer called and reported the following.',
  integrations: ['Salesforce', 'HubSpot', 'Slack', 'Jira', 'NetSuite', 'Zapier', 'Microsoft Teams'],
  reports: ['Pipeline', 'Weekly Revenue', 'Team Performance', 'Usage', 'Renewals'],
  agents: ['Sam', 'Priya', 'Alex', 'Noor', 'Diego'],
}

export const ZH: LanguageTexts = {
  requests: [
    {
      topic: 'billing',
      subject: '发票{invoice}金额有疑问',
      body: '我们最新的发票{invoice}里有一笔{amount}的费用，和合同对不上，请帮忙确认这笔费用的用途，以及以后是否还会出现。',
    },
    {
      topic: 'billing',
      subject: '席位数量与账单不符',
      body: '上个月我们把席位调整为{count}个，但发票{invoice}仍按原来的数量计费，麻烦核对后重新开具。',
    },
    {
      topic: 'billing',
      subject: '申请开具增值税专用发票',
      body: '请为我们开具上一期的增值税专用发票，开票信息已经发到贵司财务邮箱。',
    },
    {
      topic: 'billing',
      subject: '变更付款方式',
      body: '我们希望把付款方式从按月付款改为按年付款，请告知需要补缴的金额，以及从哪个周期开始生效。',
    },
    {
      topic: 'login',
      subject: '单点登录失败',
      body: '今天上午开始，部分同事通过{idp}单点登录时提示“SAML响应无效”，我们这边没有改过配置，请帮忙排查。',
    },
    {
      topic: 'login',
      subject: '收不到重置密码邮件',
      body: '有{count}位同事申请了重置密码，但都没有收到邮件，垃圾邮件箱也检查过了。',
    },
    {
      topic: 'login',
      subject: '如何强制所有成员使用单点登录',
      body: '我们想要求所有成员都通过{idp}登录，并关闭密码登录，请问具体怎么操作？',
    },
    {
      topic: 'api',
      subject: '接口{endpoint}返回{status}错误',
      body: '调用{endpoint}接口大约{count}分钟以来一直返回HTTP {status}，请问是否有已知问题？需要的话我们可以提供请求ID。',
    },
    {
      topic: 'api',
      subject: '接口限流问题',
      body: '我们的夜间同步任务在大约{count}千次请求后就被限流（HTTP 429），请问我们套餐的限额是多少？有没有批量接口可以用？',
    },
    {
      topic: 'api',
      subject: 'Webhook推送延迟',
      body: '新订单的Webhook事件比上周晚了大约{count}分钟才到，请问推送机制有变化吗？能否提供推送日志？',
    },
    {
      topic: 'integration',
      subject: '{integration}集成没有同步新数据',
      body: '我们的{integration}集成从昨天开始不再同步新数据，页面显示已连接，但一直没有新记录进来。',
    },
    {
      topic: 'integration',
      subject: '{integration}通知配置',
      body: '请问能否按部门把通知推送到不同的{integration}群？现在所有通知都发到同一个群里。',
    },
    {
      topic: 'export',
      subject: '如何导出全部数据',
      body: '内部审计需要把全部记录导出为Excel，但导出按钮只能导出当前视图，请问怎么导出全部数据？',
    },
    {
      topic: 'export',
      subject: '{report}报表定时导出失败',
      body: '每周的{report}报表定时导出任务失败了，没有任何错误提示，麻烦查一下原因并重新执行。',
    },
    {
      topic: 'performance',
      subject: '{report}仪表盘加载很慢',
      body: '从周一开始，{report}仪表盘需要{count}秒以上才能打开，其他页面正常。请问我们这边有什么可以调整的吗？',
    },
    {
      topic: 'performance',
      subject: '跨项目搜索超时',
      body: '在较大的工作区里跨项目搜索会超时，小的工作区没有问题，请帮忙看一下。',
    },
    {
      topic: 'feature',
      subject: '功能建议：自定义角色',
      body: '希望能创建只能查看报表、不能编辑的自定义角色，请问目前支持吗？',
    },
    {
      topic: 'feature',
      subject: '功能建议：审计日志导出',
      body: '希望审计日志可以实时导出到我们的安全平台，请问有这方面的计划吗？',
    },
  ],
  outages: [
    {
      topic: 'performance',
      subject: '紧急：服务中断',
      body: '服务中断了，所有同事都无法打开系统，从{time}（UTC）开始每个页面都报错，请立即处理！',
    },
    {
      topic: 'api',
      subject: '生产环境宕机',
      body: '我们的生产环境宕机了，{endpoint}接口全部返回{status}，业务已经停摆，请马上升级处理。',
    },
    {
      topic: 'login',
      subject: '紧急：所有人都无法登录',
      body: '从{time}（UTC）开始，所有人通过{idp}登录都失败，整个公司都无法工作，请按最高优先级处理。',
    },
  ],
  thanks: [
    {
      topic: 'integration',
      subject: '感谢支持',
      body: '非常感谢{agent}上周帮我们完成{integration}的配置，现在一切运行顺利。',
    },
    {
      topic: 'export',
      subject: '问题已解决，谢谢',
      body: '导出的问题已经修复，效果很好，感谢你们团队的快速响应。',
    },
  ],
  frustrated: [
    '这个问题已经影响到我们的日常工作了，请尽快回复。',
    '等了很久还没有答复，我们有些着急。',
    '我们对处理速度不太满意。',
  ],
  churnDirect: [
    '我们正在评估替代方案。',
    '如果问题得不到解决，我们不打算续约了。',
    '我们已经在考虑换供应商。',
    '请提供取消订阅的流程。',
  ],
  churnIndirect: [
    '这个问题反复出现。',
    '说实话，价格太贵了。',
    '这已经是这个月第三次了。',
    '我们对产品越来越失望。',
  ],
  greetings: ['你好，', '您好，', '各位好，'],
  signoffs: ['谢谢！\n{name}', '辛苦了。\n{name}', '——{name}'],
  callNotes: '电话记录：客户来电反映以下问题。',
  integrations: ['钉钉', '企业微信', '飞书'],
  reports: ['销售漏斗', '周收入', '团队绩效', '用量'],
  agents: ['小林', '王工', '陈老师'],
}

export const TEXTS: Readonly<Record<Language, LanguageTexts>> = { en: EN, zh: ZH }

export const IDENTITY_PROVIDERS = ['Okta', 'Azure AD', 'Google Workspace', 'OneLogin'] as const
export const API_ENDPOINTS = [
  '/v2/orders',
  '/v2/contacts',
  '/v2/invoices',
  '/v2/events',
  '/v2/search',
] as const
export const HTTP_ERRORS = ['500', '502', '503', '504'] as const
export const CHARGE_AMOUNTS = ['12.00', '29.00', '48.50', '120.00', '240.00', '1,250.00'] as const

// --- Companies -------------------------------------------------------------------------------------

/**
 * English company names are `${prefix} ${suffix}`; the domain is their slug + `.example`. The generator
 * deals prefixes (and Chinese brands) from a shuffled deck, so names rarely share a first word.
 */
export const COMPANY_PREFIXES = [
  'Northwind',
  'Bluefin',
  'Cobalt Ridge',
  'Harborview',
  'Ironleaf',
  'Lumenfield',
  'Meridian Bay',
  'Oakridge',
  'Pinecrest',
  'Quarrystone',
  'Redwood Hollow',
  'Silverline',
  'Tidewater',
  'Brightwater',
  'Copperfield',
  'Driftwood',
  'Foxglove',
  'Granite Peak',
  'Highmark',
  'Juniper Lane',
  'Keystone Arc',
  'Larkspur',
  'Maplestone',
  'Nimbus Bay',
  'Orchard Hill',
  'Pelican Point',
  'Riverbend',
  'Stonebridge',
  'Thistlewood',
  'Vantage Hill',
  'Willowby',
  'Yarrowfield',
  'Amberline',
  'Beacon Hill',
  'Cedar Point',
  'Dovetail',
  'Emberly',
  'Fairhaven',
  'Glacier Bay',
  'Hollowbrook',
  'Indigo Shore',
  'Kestrel',
  'Lodestar',
  'Marigold',
  'Ravenmoor',
  'Saltmarsh',
  'Trailhead',
  'Umberfield',
  'Wrenfield',
  'Ashgrove',
] as const

export const COMPANY_SUFFIXES = [
  'Analytics',
  'Logistics',
  'Health',
  'Robotics',
  'Media',
  'Labs',
  'Foods',
  'Finance',
  'Energy',
  'Retail',
  'Systems',
  'Studios',
  'Freight',
  'Insurance',
  'Biotech',
  'Travel',
  'Learning',
  'Payments',
] as const

/** Chinese company names are `${city}${brand}${industry}有限公司`; the domain is `brand-industry.cn.example`. */
export const ZH_CITIES = [
  '北京',
  '上海',
  '深圳',
  '广州',
  '成都',
  '苏州',
  '南京',
  '武汉',
  '西安',
  '厦门',
] as const

export const ZH_BRANDS: readonly (readonly [hanzi: string, pinyin: string])[] = [
  ['星河', 'xinghe'],
  ['云舟', 'yunzhou'],
  ['瀚海', 'hanhai'],
  ['青松', 'qingsong'],
  ['蓝鲸', 'lanjing'],
  ['极光', 'jiguang'],
  ['锦程', 'jincheng'],
  ['明远', 'mingyuan'],
  ['华岳', 'huayue'],
  ['易达', 'yida'],
  ['天衡', 'tianheng'],
  ['博远', 'boyuan'],
  ['远航', 'yuanhang'],
  ['智源', 'zhiyuan'],
  ['鼎盛', 'dingsheng'],
  ['新禾', 'xinhe'],
  ['海川', 'haichuan'],
  ['聚星', 'juxing'],
]

export const ZH_INDUSTRIES: readonly (readonly [hanzi: string, pinyin: string])[] = [
  ['数据科技', 'data'],
  ['信息技术', 'infotech'],
  ['物流', 'logistics'],
  ['智能科技', 'ai'],
  ['网络科技', 'net'],
  ['软件', 'soft'],
  ['电子商务', 'ecom'],
]

// --- People ----------------------------------------------------------------------------------------

export const EN_FIRST_NAMES = [
  'Avery',
  'Blake',
  'Camila',
  'Daniel',
  'Elena',
  'Farah',
  'Gavin',
  'Hana',
  'Isaac',
  'Jasmine',
  'Kofi',
  'Laura',
  'Mateo',
  'Nadia',
  'Owen',
  'Paula',
  'Quinn',
  'Rafael',
  'Sienna',
  'Tariq',
  'Uma',
  'Victor',
  'Wendy',
  'Yusuf',
  'Zoe',
  'Anika',
  'Bruno',
  'Chloe',
  'Dmitri',
  'Esther',
] as const

export const EN_LAST_NAMES = [
  'Abbott',
  'Brennan',
  'Castillo',
  'Dlamini',
  'Eriksen',
  'Fischer',
  'Gallagher',
  'Haddad',
  'Iverson',
  'Jablonski',
  'Kowalczyk',
  'Lindqvist',
  'Moreau',
  'Nakamura',
  'Okonkwo',
  'Petrov',
  'Quintero',
  'Rosales',
  'Schneider',
  'Thornton',
  'Underwood',
  'Varga',
  'Whitaker',
  'Yilmaz',
  'Zimmerman',
  'Achebe',
  'Bergstrom',
  'Costa',
] as const

export const ZH_SURNAMES: readonly (readonly [hanzi: string, pinyin: string])[] = [
  ['王', 'wang'],
  ['李', 'li'],
  ['张', 'zhang'],
  ['刘', 'liu'],
  ['陈', 'chen'],
  ['杨', 'yang'],
  ['赵', 'zhao'],
  ['黄', 'huang'],
  ['周', 'zhou'],
  ['吴', 'wu'],
  ['徐', 'xu'],
  ['孙', 'sun'],
  ['胡', 'hu'],
  ['朱', 'zhu'],
  ['高', 'gao'],
  ['林', 'lin'],
  ['何', 'he'],
  ['郭', 'guo'],
  ['马', 'ma'],
  ['罗', 'luo'],
]

export const ZH_GIVEN_NAMES: readonly (readonly [hanzi: string, pinyin: string])[] = [
  ['伟', 'wei'],
  ['芳', 'fang'],
  ['敏', 'min'],
  ['静', 'jing'],
  ['磊', 'lei'],
  ['洋', 'yang'],
  ['艳', 'yan'],
  ['勇', 'yong'],
  ['杰', 'jie'],
  ['涛', 'tao'],
  ['明', 'ming'],
  ['超', 'chao'],
  ['秀英', 'xiuying'],
  ['慧', 'hui'],
  ['建国', 'jianguo'],
  ['晓东', 'xiaodong'],
  ['丽娜', 'lina'],
  ['志强', 'zhiqiang'],
  ['雪', 'xue'],
  ['海燕', 'haiyan'],
  ['子涵', 'zihan'],
  ['嘉怡', 'jiayi'],
]

export const TITLES: Readonly<
  Record<Language, Readonly<Record<'executive' | 'admin' | 'user', readonly string[]>>>
> = {
  en: {
    executive: [
      'VP Operations',
      'Chief Technology Officer',
      'Chief Financial Officer',
      'VP Engineering',
      'Chief Operating Officer',
      'Chief Executive Officer',
    ],
    admin: ['IT Administrator', 'Systems Engineer', 'Platform Lead', 'IT Manager'],
    user: [
      'Support Analyst',
      'Marketing Coordinator',
      'Data Analyst',
      'Account Coordinator',
      'Finance Associate',
      'Operations Specialist',
    ],
  },
  zh: {
    executive: ['运营副总裁', '首席技术官', '首席执行官', '财务总监', '副总经理'],
    admin: ['技术经理', 'IT主管', '系统管理员', '运维经理'],
    user: ['数据分析师', '客服专员', '产品专员', '财务专员', '市场专员'],
  },
}

/** Patron-side staff: CSMs and account executives of the demo vendor. */
export const CSMS = [
  { name: 'Jordan Ellis', email: 'jordan.ellis@patron-demo.example' },
  { name: 'Aisha Karim', email: 'aisha.karim@patron-demo.example' },
  { name: 'Sofia Marin', email: 'sofia.marin@patron-demo.example' },
  { name: 'Ben Carter', email: 'ben.carter@patron-demo.example' },
] as const

export const ZH_CSMS = [
  { name: 'Mei Lin', email: 'mei.lin@patron-demo.example' },
  { name: 'Wei Zhang', email: 'wei.zhang@patron-demo.example' },
] as const

export const ACCOUNT_EXECUTIVES = [
  { name: 'Morgan Reyes', email: 'morgan.reyes@patron-demo.example' },
  { name: 'Hannah Cole', email: 'hannah.cole@patron-demo.example' },
  { name: 'Kenji Watanabe', email: 'kenji.watanabe@patron-demo.example' },
] as const

export const EN_TIMEZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Toronto',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Paris',
  'Europe/Amsterdam',
  'Europe/Stockholm',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'Australia/Sydney',
] as const

export const ZH_TIMEZONE = 'Asia/Shanghai'

export const EXTRA_TAGS = ['partner', 'reference', 'beta', 'at-risk', 'regulated', 'multi-region'] as const

/** Monthly list prices of the Starter plan in whole dollars; ARR is twelve times this. */
export const STARTER_MONTHLY_PRICES = [29, 49, 79, 99, 149, 199, 299] as const
